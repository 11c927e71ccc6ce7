"""Demo content for the blog, written by us: an editor who may publish, a writer who may
not, and articles across topics that go through the real workflow (create, send to
review, a doctor approves, the editor publishes), so each demo page is what a real one
would be.

``seed_blog`` is called at the end of ``seed_demo``. Articles are looked up by slug before
they are created and are never overwritten, so running it again only fills in what is
missing and keeps an editor's changes.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from textwrap import dedent

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from doctors.models import DoctorProfile
from portal.accounts.demo import demo_user
from portal.taxonomy.models import Specialty, Treatment

from .models import Article, ArticleStatusChange, AuthorProfile
from .services import (
    article_approve,
    article_create,
    article_publish,
    article_send_to_review,
    editors_group_ensure,
)

EDITOR_EMAIL = "editor@demo.example"
WRITER_EMAIL = "writer@demo.example"
REVIEWER_EMAILS = ["doctor@demo.example", "cardio@demo.example", "psych@demo.example"]

DEMO_LOGINS = [
    (EDITOR_EMAIL, "editor: writes, previews and publishes articles in /admin/"),
    (WRITER_EMAIL, "writer: writes articles and sends them to review, cannot publish"),
]


@dataclass(frozen=True)
class DemoEditor:
    email: str
    display_name: str
    slug: str
    job_title: str
    bio: str
    can_publish: bool


EDITORS = [
    DemoEditor(
        EDITOR_EMAIL,
        "Kavya Menon",
        "kavya-menon",
        "Health editor",
        "Kavya has edited health writing for twelve years, first for a newspaper's science "
        "desk and now for Health Portal. She turns what doctors know into plain words and "
        "makes sure every article lists its sources and has a doctor's review.",
        True,
    ),
    DemoEditor(
        WRITER_EMAIL,
        "Arjun Das",
        "arjun-das",
        "Health writer",
        "Arjun writes about everyday skin and gut problems. He trained as a pharmacist and "
        "likes practical advice that people can follow at home.",
        False,
    ),
]


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    summary: str
    body: str
    author_email: str
    specialty_slug: str | None = None
    treatment_slug: str | None = None
    reviewer_email: str | None = None
    # Days ago it went live; negative schedules it in the future; None leaves it in review.
    published_days_ago: int | None = 30
    references: tuple[dict, ...] = ()
    faq: tuple[tuple[str, str], ...] = ()
    extra: dict = field(default_factory=dict)


def _md(text: str) -> str:
    return dedent(text).strip() + "\n"


PSORIASIS_STEM_CELLS = _md("""
    Psoriasis is one of the most common long-term skin conditions in the world, and one of
    the most misunderstood. Many people who live with it have tried cream after cream,
    changed their diet, and sat through courses of light treatment, only to see the
    patches return months later. So it is no surprise that advertisements promising a
    "permanent cure with stem cells" get attention.

    This article explains what psoriasis is, how it is treated today, what stem cells
    are, and what research has and has not shown about using them for psoriasis. It also
    sets out what stem cell treatment costs in India and abroad, the rules that apply in
    India, and the questions worth asking before you pay for anything.

    ## What psoriasis is, and why it keeps coming back

    Psoriasis is an **immune-mediated disease**: the immune system, which should protect
    the body from infection, sends signals that make skin cells grow far too fast. A
    normal skin cell takes about a month to travel from the deepest layer of the skin to
    the surface; in a psoriasis plaque the journey takes only a few days. The cells pile
    up into thick, red, scaly patches, most often on the elbows, knees, scalp and lower
    back.

    It is **not infectious**. You cannot catch it from someone or pass it on by touch,
    sharing towels or swimming together, and saying so plainly matters, because the
    stigma is often harder to live with than the itch.

    Several things shape who develops psoriasis and when it flares:

    - **Genes.** About a third of people with psoriasis have a close relative with it.
    - **Triggers.** Throat infections, stress, injury to the skin, heavy drinking,
      smoking and some medicines (such as lithium and certain blood pressure tablets)
      can set off a flare.
    - **Weight and metabolism.** Psoriasis is more common and more severe in people with
      obesity, and it travels with a higher risk of diabetes, high blood pressure and
      heart disease.

    Up to one in three people with psoriasis develop **psoriatic arthritis**, with
    painful, swollen joints or heels and morning stiffness. It is worth telling your
    doctor about joint symptoms early, because treating arthritis in time prevents joint
    damage.

    Because the immune system's tendency stays with you, psoriasis behaves like other
    long-term conditions such as asthma or diabetes: it can be controlled very well,
    often to clear or nearly clear skin, but there is no treatment today that reliably
    switches it off for good.

    ## How psoriasis is treated today

    Treatment is chosen by how much skin is affected, which areas (the face, scalp,
    palms, soles, nails and genitals need special care), how much it affects your life,
    and whether your joints are involved. Dermatologists usually go step by step.

    ### Creams, ointments and shampoos

    For mild psoriasis, treatment you apply to the skin is the first step. A
    **corticosteroid** cream or ointment calms inflammation, and a **vitamin D analogue**
    (such as calcipotriol) slows down skin cell growth; the two are often combined in one
    product. Coal tar and salicylic acid shampoos help lift scalp scale. A thick, bland
    moisturiser used every day softens plaques and helps everything else work.

    ### Light treatment

    When patches cover too much skin for creams, **narrowband UVB phototherapy** is a
    well-tested next step: short, measured exposures to ultraviolet light in a clinic, two
    or three times a week for eight to twelve weeks. Most people improve a great deal,
    and many stay clear for months afterwards. Read more in our
    [guide to phototherapy](/blog/phototherapy-for-psoriasis-what-a-course-involves/).

    ### Tablets

    For more extensive or stubborn psoriasis, doctors use medicines that calm the immune
    system throughout the body: **methotrexate** (taken once a week, never daily),
    **ciclosporin** for short periods, **acitretin**, and **apremilast**. Each needs
    regular blood tests and a doctor who knows it well.

    ### Biologics

    Biologics are injections that block one specific signal the immune system uses to
    drive psoriasis, such as TNF, IL-17 or IL-23. In trials, many people reach skin that
    is 90% clearer or more. They are the closest thing today to "switching off"
    psoriasis while you take them, although the patches usually return in time if the
    medicine is stopped. Cheaper **biosimilar** versions of some biologics are now made
    in India, which has brought their cost down considerably.

    In short: psoriasis has effective, well-studied treatments at every level of
    severity. The question about stem cells is not whether they could replace nothing,
    but whether they can do something these treatments cannot.

    ## What stem cells are

    Stem cells are cells that can renew themselves and can develop into other types of
    cell. Two kinds matter for this story:

    - **Blood-forming (haematopoietic) stem cells** live in the bone marrow and make every
      kind of blood cell, including the immune cells involved in psoriasis. Transplanting
      them is an established, life-saving treatment for blood cancers such as leukaemia
      and for some inherited blood disorders.
    - **Mesenchymal stromal cells** (often called mesenchymal stem cells, or MSCs) can
      be grown from bone marrow, fat or umbilical cord tissue. In the laboratory they
      send out signals that calm immune cells, which is why researchers are testing them
      in immune diseases.

    It is worth knowing that "stem cell therapy" in advertisements can mean very
    different things: from a carefully made product tested in a registered trial, to an
    injection of your own fat or blood processed in a clinic's back room.

    ## Why researchers think stem cells could help psoriasis

    ### Calming the immune system

    Because psoriasis is driven by overactive immune signals, cells that dampen those
    signals are an attractive idea. In laboratory and animal studies, mesenchymal cells
    reduce the immune activity that builds plaques. Small early studies in people have
    injected mesenchymal cells (most often from umbilical cord tissue) into a vein and
    measured how the skin changed over the following months.

    ### Lessons from bone marrow transplants

    Doctors have reported people with severe psoriasis who needed a bone marrow
    transplant for a blood cancer, and whose psoriasis then went into long remission. This
    shows that replacing the immune system can change the course of psoriasis. But a
    bone marrow transplant means high-dose chemotherapy, weeks in hospital and a real
    risk of death from infection. No doctor would recommend it for psoriasis alone, and
    in some reported cases psoriasis came back, or appeared for the first time, after a
    transplant.

    ## What the evidence shows so far

    Here is an honest summary of where research stood when this article was last
    reviewed:

    1. **The studies are small.** Most include a handful to a few dozen people, and many
       have no comparison group, so it is hard to tell the treatment's effect apart from
       the natural ups and downs of psoriasis or from other treatment given at the same
       time.
    2. **Some people improved.** Early studies of mesenchymal cells report improvement
       in some participants, and side effects in these closely monitored studies have
       mostly been mild. That is encouraging enough to justify larger trials, and no
       more.
    3. **Nobody knows how long any benefit lasts**, what dose or type of cell works best,
       or who is most likely to respond.
    4. **No stem cell product is approved for psoriasis** by the regulators in India,
       the United States, the United Kingdom or the European Union.

    Compare that with biologics, each of which was tested in trials of hundreds to
    thousands of people against a placebo before approval, with years of safety data
    since. Stem cells for psoriasis are where biologics were in the 1990s: a promising
    idea that has not yet been proven.[^1]

    You can see the studies that are recruiting or finished on
    [ClinicalTrials.gov](https://clinicaltrials.gov/search?cond=Psoriasis&intr=stem%20cell)
    and India's trial registry, CTRI.

    ## The rules in India

    India's National Guidelines for Stem Cell Research (2017) say that the only approved
    use of stem cells is **blood stem cell transplantation for blood disorders**. Every
    other use, including psoriasis, is **investigational** and may be offered only within
    a clinical trial approved by the regulator and an ethics committee. Using stem cells
    outside a trial for any other purpose is described by the national committee as
    unethical and not permissible.

    This matters for you in three practical ways:

    - A genuine trial **does not charge you** for the experimental treatment; you may
      even be paid for travel. A clinic that charges lakhs of rupees for "therapy" is not
      running a trial.
    - A trial has a **registration number** (for India, a CTRI number) that you can look
      up, and an ethics committee you can contact.
    - A trial gives you a **written information sheet and consent form** that explains
      the risks, and you can leave at any time without losing your usual care.

    ## What it costs: India and abroad

    Clinics in India and abroad do advertise stem cell treatment for skin and joint
    conditions. The table below shows what they quoted, next to an established
    treatment for comparison. It is there to help you judge offers you may receive, not
    as a recommendation.

    | Where | Stem cells, one cycle (experimental) | Narrowband UVB, 24 sessions (proven) |
    |:--|--:|--:|
    | India: Mumbai, Delhi, Bengaluru | ₹1.5 lakh to ₹6 lakh | ₹12,000 to ₹36,000 |
    | Turkey: Istanbul | US$6,000 to US$15,000 | not collected |
    | Thailand: Bangkok | US$8,000 to US$25,000 | not collected |
    | UAE: Dubai | AED 38,000 to AED 85,000 | AED 4,500 to AED 8,500 |
    | UK: London, private | not collected | £1,400 to £2,600 |

    *Indicative ranges only, rounded, from written clinic quotes and our editors' phone
    survey of clinics, September to October 2026.* Each figure, with its source and the
    date it was checked, is on our cost pages, such as the
    [cost of stem cell therapy in India](/cost/stem-cell-therapy/india/). Prices vary
    with the clinic, the type and number of cells, and what is included; prices abroad
    leave out flights, stay and follow-up visits. A quote for stem cell treatment of
    psoriasis outside a registered trial is a quote for an unproven treatment.

    ## Warning signs at a stem cell clinic

    Be cautious, and ask a dermatologist you trust, if a clinic:

    - promises a **cure** or a "permanent" result for psoriasis;
    - says one treatment works for many unrelated diseases, from psoriasis to autism to
      knee arthritis;
    - asks for a large **payment up front**, or offers a discount for paying today;
    - cannot give you a **trial registration number** and an ethics committee's approval;
    - relies on **testimonials** and before-and-after photos rather than published
      results;
    - tells you to **stop your current treatment** before or after the procedure.

    Stopping effective treatment is often the real harm: psoriasis can flare badly when
    biologics, methotrexate or ciclosporin are stopped suddenly, and in rare cases it
    turns into widespread red, peeling skin (erythrodermic psoriasis) that needs hospital
    care.

    Injections from unregulated clinics have also caused infections, and cells injected
    in the wrong place can form growths. These harms are rare but real, and you bear
    them without the safety monitoring a trial provides.

    ## Questions to ask before agreeing to any stem cell treatment

    1. Is this part of a registered clinical trial? What is its registration number?
    2. Which ethics committee approved it, and how can I contact them?
    3. What kind of cells are used, where do they come from, and how are they prepared?
    4. What results have been published, and where can I read them?
    5. What are the risks, and what happens if something goes wrong?
    6. Will I have to pay, and for what exactly?
    7. Can I continue my current psoriasis treatment?

    A trustworthy researcher will welcome every one of these questions.

    ## Living well with psoriasis while research continues

    Today's treatments can give most people clear or almost clear skin. A few habits help
    them work:

    - **Moisturise daily**, even when your skin looks good.
    - **Use treatments as prescribed**: many "treatment failures" are creams used for a
      week and then stopped.
    - **Stop smoking** and keep alcohol low; both make psoriasis worse and treatment less
      effective.
    - **Keep to a healthy weight**: losing weight can make psoriasis milder and helps
      medicines work.
    - **Look after your mood.** Psoriasis affects confidence and sleep; talking to your
      doctor, a counsellor or a support group helps.
    - **Report joint pain, stiffness or swelling** early.

    If your current treatment is not controlling your psoriasis, the next step is a frank
    conversation with a dermatologist about phototherapy, tablets or biologics, each of
    which has strong evidence behind it.

    ## The bottom line

    Stem cells may one day have a place in treating psoriasis, and the research is worth
    following. Today they are an experiment, and the right place for an experiment is a
    registered trial that does not charge you. Meanwhile, proven treatments exist for
    every level of psoriasis, and a dermatologist can help you find the one that fits your
    skin, your health and your budget.

    [^1]: Evidence on new treatments changes. We re-review this article every year, and
        sooner if an important trial is published.
""")

SCALP_PSORIASIS = _md("""
    White flakes on your shoulders and an itchy scalp are common, and most of the time
    the cause is dandruff. Sometimes, though, it is scalp psoriasis, which needs different
    treatment. Here is how to tell them apart.

    ## Dandruff

    Dandruff (and its more inflamed form, seborrhoeic dermatitis) is a reaction to a
    yeast that lives on everyone's scalp. It causes:

    - fine, white or yellowish, **greasy** flakes;
    - mild itch;
    - sometimes redness along the eyebrows, beside the nose and behind the ears.

    It usually improves within a few weeks with an **anti-dandruff shampoo** containing
    ketoconazole, selenium sulphide or zinc pyrithione, left on for five minutes before
    rinsing, two or three times a week.

    ## Scalp psoriasis

    Psoriasis on the scalp causes:

    - **thick, raised, silvery-white scale** on well-defined red patches;
    - patches that often go **beyond the hairline** onto the forehead, neck or behind the
      ears;
    - itching, and sometimes soreness or bleeding when scale is picked off;
    - often, psoriasis elsewhere: elbows, knees, lower back or pitted nails.

    ## Treating scalp psoriasis

    Thick scale has to come off before other treatments can reach the skin. A dermatologist
    may suggest:

    1. **Softening the scale** with an oil or a salicylic acid or coal tar preparation,
       left on for a few hours and then washed out.
    2. A **steroid scalp lotion, gel or shampoo**, sometimes combined with a vitamin D
       analogue.
    3. For severe or stubborn scalp psoriasis, **tablets or injections** that treat
       psoriasis throughout the body.

    Comb scale out gently rather than scratching it off, and keep hair dryers on a cool
    setting.

    ## When to see a doctor

    See a dermatologist if over-the-counter shampoos have not helped after a month, if
    the patches are thick or spreading, if you have hair loss in patches, or if you have
    joint pain as well. Scalp psoriasis responds well to the right treatment, and you do
    not need to live with the flakes.
""")

PHOTOTHERAPY = _md("""
    Phototherapy uses carefully measured ultraviolet light to calm psoriasis. It is one
    of the oldest and safest treatments for psoriasis that covers too much skin for
    creams alone, and it involves no tablets or injections.

    ## How it works

    Narrowband UVB light, a small slice of the sun's ultraviolet spectrum, slows the
    overactive immune cells in psoriasis plaques. Because the dose is measured and
    increased step by step, you get the benefit with far less of the burning and ageing
    that sunbathing causes.

    ## What a course involves

    - **Two or three sessions a week**, usually for eight to twelve weeks: about 24 to 30
      sessions in all.
    - Each session takes **a few seconds to a few minutes** in a light cabinet, with your
      eyes (and, for men, the genitals) protected.
    - The dose starts low and rises as your skin tolerates it.
    - Most people see improvement after **four to six weeks**.

    Keep moisturising during the course, but do not apply thick creams just before a
    session, because they block the light.

    ## Side effects

    - Redness like mild sunburn, usually for a day; tell the team, and the next dose will
      be adjusted.
    - Dry, itchy skin: moisturise well.
    - Over many courses, a higher risk of skin ageing and skin cancer, which is why
      clinics keep a record of the total number of sessions you have had.

    ## Who it suits

    Phototherapy suits people with psoriasis over a large area of skin who can get to a
    clinic regularly. It is not suitable if you have had skin cancer, if you have a
    condition made worse by light, or if you take medicines that make skin sensitive to
    light, so tell the team about all your medicines.

    ## Cost

    In India a course of 24 sessions costs roughly ₹12,000 to ₹36,000, depending on the
    city and clinic; see our
    [phototherapy cost pages](/cost/phototherapy-for-psoriasis/india/). Some
    dermatologists also prescribe a home phototherapy unit for people who cannot travel
    three times a week.
""")

HAND_ECZEMA = _md("""
    Red, itchy, cracked hands that sting when you wash dishes are very common, and they
    often start after a change of detergent or a season of extra handwashing. This is
    **hand eczema**, and the good news is that it usually settles with the right routine.

    ## Why it happens

    The skin on your hands has a thin, oily barrier that keeps water in and irritants out.
    Detergents, soaps and constant wetting strip that barrier away. Once it is damaged,
    the skin becomes inflamed, itchy and cracked. Some people are also **allergic** to an
    ingredient, such as a fragrance, a preservative or rubber chemicals in gloves.

    ## What helps

    1. **Protect**: wear cotton-lined rubber or nitrile gloves for dishes and cleaning.
    2. **Wash gently**: use lukewarm water and a soap-free cleanser, and pat your hands dry.
    3. **Moisturise often**: apply a thick, fragrance-free cream after every wash and at
       night; cotton gloves over the cream at night help.
    4. **Treat the flare**: a doctor may prescribe a steroid ointment for one to two weeks
       to calm the inflammation.

    ## When to see a doctor

    See a doctor if the rash does not improve within two weeks of careful care, if it
    weeps or crusts (a sign of infection), or if you suspect an allergy: a dermatologist
    can arrange **patch testing** to find the cause.
""")

BLOOD_PRESSURE = _md("""
    A blood pressure reading has two numbers, such as 128/82. Knowing what they mean helps
    you take charge of one of the most important numbers for your heart, brain and
    kidneys.

    ## The two numbers

    - The **top number (systolic)** is the pressure in your arteries when your heart beats.
    - The **bottom number (diastolic)** is the pressure between beats.

    Both are measured in millimetres of mercury (mmHg).

    ## What counts as high

    | Reading (mmHg) | What it usually means |
    |:--|:--|
    | Below 120/80 | Normal |
    | 120 to 139 / 80 to 89 | Raised: time to act on lifestyle |
    | 140/90 or higher, on repeated readings | High blood pressure (hypertension) |
    | 180/120 or higher | Very high: see a doctor the same day |

    One high reading is not a diagnosis. Blood pressure goes up with stress, pain, a full
    bladder or a cup of tea, and many people's pressure is higher in the clinic than at
    home.

    ## Measuring at home

    1. Use a validated upper-arm monitor with the right cuff size.
    2. Sit quietly for five minutes, back supported, feet flat, arm resting at heart level.
    3. Take two readings a minute apart, morning and evening, for a week.
    4. Write them down and show your doctor.

    ## Bringing it down

    Eating less salt, more vegetables and fruit, staying active, keeping to a healthy
    weight, limiting alcohol and not smoking all lower blood pressure. If it stays high,
    medicines are safe and effective, and most people need them for life.

    **Get urgent help** if a very high reading comes with chest pain, breathlessness,
    weakness of one side, confusion or a severe headache.
""")

VITAMINS = _md("""
    Tiredness, tingling feet and aching muscles are among the commonest reasons people see
    a general physician, and low vitamin B12 or vitamin D is often part of the answer. Both
    are easy to test and to treat.

    ## Vitamin B12

    B12 keeps nerves healthy and helps make red blood cells. It comes from animal foods:
    milk, curd, eggs, fish and meat. You are more likely to be low if you:

    - eat a **vegetarian or vegan** diet with little dairy;
    - have taken **metformin** for diabetes for years, or acid-reducing tablets for a long
      time;
    - are over 60, or have had stomach surgery.

    Low B12 causes tiredness, breathlessness, tingling or numbness in the feet and hands,
    a sore tongue and memory trouble. Treatment is with tablets or, when levels are very
    low or nerves are affected, a course of injections.

    ## Vitamin D

    Vitamin D is made in the skin in sunlight and keeps bones and muscles strong. Even in
    sunny countries many people are low, because they spend most of the day indoors, cover
    up, or have darker skin, which makes vitamin D more slowly.

    Low vitamin D may cause bone and muscle aches and weakness. Treatment is a supplement
    for a few months, then a smaller maintenance dose; very high doses taken without
    checking levels can be harmful.

    ## When to get tested

    Ask your doctor for a blood test if you have the symptoms above, especially if you are
    in one of the at-risk groups. Do not start high-dose supplements on your own: the
    right dose depends on your level.
""")

SLEEP_ANXIETY = _md("""
    Lying awake with a racing mind is one of the most common ways anxiety shows itself.
    Poor sleep then makes worry harder to manage the next day, and the cycle continues.
    These steps can help break it.

    ## Why anxiety and sleep feed each other

    Anxiety keeps the body on alert, with a faster heartbeat and tense muscles, which is
    the opposite of the calm state sleep needs. After a bad night, the part of the brain
    that handles fear becomes more reactive, so worries feel bigger.

    ## What helps

    - **Keep regular times**: get up at the same time every day, even after a bad night.
    - **Use the bed for sleep only**: if you have been awake for about twenty minutes, get
      up and do something calm in dim light, then return when sleepy.
    - **Set a worry time** earlier in the evening: write worries down with one next step
      for each, so they are parked for the night.
    - **Wind down**: an hour before bed, put screens away and do something relaxing.
    - **Cut back on caffeine** after midday and avoid alcohol as a sleep aid; it breaks up
      sleep later in the night.
    - **Try slow breathing**: breathe in for four counts and out for six, for five minutes.

    ## Getting help

    Cognitive behavioural therapy for insomnia (CBT-I) and for anxiety are well-proven
    treatments, and a psychiatrist or psychologist can guide you. See a doctor if poor
    sleep lasts more than a few weeks, affects your work or relationships, or comes with
    low mood. **If you ever have thoughts of harming yourself, seek help at once**: call
    your local emergency number or a crisis helpline.
""")

MONSOON_FUNGAL = _md("""
    Hot, humid weeks are when fungal skin infections flourish. Ringworm (tinea) spreads in
    damp skin folds, and it is catching within families.

    ## How to recognise it

    - Ring-shaped, itchy, red patches with a raised edge, often in the groin, under the
      breasts, at the waist or between the toes.
    - Patches that spread outwards and slowly grow.

    ## What helps

    - Keep skin folds **dry**: dry well after bathing and wear loose cotton clothes.
    - Wash clothes and towels after each use and do not share them.
    - Use an **antifungal cream** for the full course, usually two weeks beyond the rash
      clearing.
    - Avoid **steroid combination creams** sold over the counter: they make tinea spread
      and harder to treat.

    See a dermatologist if the rash is widespread, keeps coming back or does not clear
    with a cream after four weeks.
""")

ARTICLES = [
    DemoArticle(
        slug="psoriasis-and-stem-cells-the-future-of-treatment",
        title="Psoriasis and Stem Cells: The Future of Treatment",
        summary="What stem cell treatment for psoriasis can and cannot do today, how it "
        "compares with proven treatments, what it costs in India and abroad, and the "
        "questions to ask before you pay for it.",
        body=PSORIASIS_STEM_CELLS,
        author_email=EDITOR_EMAIL,
        specialty_slug="dermatology",
        treatment_slug="stem-cell-therapy",
        reviewer_email="doctor@demo.example",
        published_days_ago=21,
        references=(
            {
                "title": "Global report on psoriasis",
                "publisher": "World Health Organization, 2016",
                "url": "https://www.who.int/publications/i/item/9789241565189",
            },
            {
                "title": "Psoriasis: assessment and management (clinical guideline CG153)",
                "publisher": "National Institute for Health and Care Excellence (NICE)",
                "url": "https://www.nice.org.uk/guidance/cg153",
            },
            {
                "title": "Psoriasis: symptoms, causes and treatment",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/psoriasis/",
            },
            {
                "title": "National Apex Committee for Stem Cell Research and Therapy: the "
                "status of stem cell therapy in India",
                "publisher": "Indian Council of Medical Research",
                "url": "https://nacscrt.icmr.org.in/",
            },
            {
                "title": "FDA warns about stem cell therapies",
                "publisher": "US Food and Drug Administration",
                "url": "https://www.fda.gov/consumers/consumer-updates/"
                "fda-warns-about-stem-cell-therapies",
            },
            {
                "title": "A closer look at stem cells",
                "publisher": "International Society for Stem Cell Research",
                "url": "https://www.closerlookatstemcells.org/",
            },
            {
                "title": "Studies of stem cells in psoriasis",
                "publisher": "ClinicalTrials.gov, US National Library of Medicine",
                "url": "https://clinicaltrials.gov/search?cond=Psoriasis&intr=stem%20cell",
            },
        ),
        faq=(
            (
                "Can stem cells cure psoriasis?",
                "Not today. Small early studies show that some people improve, but no "
                "study has shown a lasting cure, and no stem cell product is approved for "
                "psoriasis in India or elsewhere. Proven treatments can clear or nearly "
                "clear the skin of most people.",
            ),
            (
                "Is stem cell treatment for psoriasis legal in India?",
                "Only as part of a clinical trial approved by the regulator and an ethics "
                "committee. India's 2017 national guidelines allow stem cell treatment "
                "outside trials only for blood disorders, through blood stem cell "
                "transplantation.",
            ),
            (
                "How much does stem cell treatment for psoriasis cost?",
                "Private clinics quote roughly ₹1.5 lakh to ₹6 lakh per cycle in Indian "
                "cities and US$6,000 to US$25,000 abroad, before travel. A genuine "
                "clinical trial does not charge you for the experimental treatment.",
            ),
            (
                "Should I stop my psoriasis medicines before stem cell treatment?",
                "No. Stopping medicines such as methotrexate, ciclosporin or a biologic "
                "suddenly can cause a severe flare. Never change your treatment without "
                "talking to the doctor who prescribed it.",
            ),
            (
                "How can I join a stem cell trial for psoriasis?",
                "Ask your dermatologist, and search the Clinical Trials Registry of India "
                "(CTRI) and ClinicalTrials.gov for studies that are recruiting. Check the "
                "registration number and the ethics committee's approval before you agree.",
            ),
        ),
    ),
    DemoArticle(
        slug="scalp-psoriasis-or-dandruff",
        title="Scalp Psoriasis or Dandruff? How to Tell Them Apart",
        summary="Flakes and an itchy scalp are usually dandruff, but sometimes psoriasis. "
        "The signs that tell them apart, and what treats each.",
        body=SCALP_PSORIASIS,
        author_email=EDITOR_EMAIL,
        specialty_slug="dermatology",
        reviewer_email="doctor@demo.example",
        published_days_ago=48,
        references=(
            {
                "title": "Seborrhoeic dermatitis",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/seborrhoeic-dermatitis/",
            },
            {
                "title": "Psoriasis",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/psoriasis/",
            },
        ),
        faq=(
            (
                "Is scalp psoriasis contagious?",
                "No. Psoriasis is an immune condition; you cannot catch it or pass it on.",
            ),
            (
                "Does scalp psoriasis cause hair loss?",
                "It can cause some temporary hair shedding, especially when scale is "
                "scratched or pulled off. Hair usually grows back once the psoriasis is "
                "treated.",
            ),
        ),
    ),
    DemoArticle(
        slug="phototherapy-for-psoriasis-what-a-course-involves",
        title="Phototherapy for Psoriasis: What a Course Involves",
        summary="How narrowband UVB light treats psoriasis, what happens at each session, "
        "how long a course takes, its side effects and what it costs.",
        body=PHOTOTHERAPY,
        author_email=EDITOR_EMAIL,
        specialty_slug="dermatology",
        treatment_slug="phototherapy-for-psoriasis",
        reviewer_email="doctor@demo.example",
        published_days_ago=75,
        references=(
            {
                "title": "Psoriasis: treatment",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/psoriasis/treatment/",
            },
        ),
        faq=(
            (
                "Is phototherapy the same as using a sunbed?",
                "No. Sunbeds give mostly UVA light in doses nobody measures. Narrowband "
                "UVB is a specific wavelength given in measured, gradually increased doses, "
                "with your total dose recorded.",
            ),
        ),
        # Two years old, last reviewed thirteen months ago: due for re-review.
        extra={"published_days_ago_override": 730, "reviewed_days_ago": 400},
    ),
    DemoArticle(
        slug="understanding-your-blood-pressure-reading",
        title="Understanding Your Blood Pressure Reading",
        summary="What the two numbers mean, which readings count as high, how to measure "
        "at home, and when a reading needs a doctor the same day.",
        body=BLOOD_PRESSURE,
        author_email=EDITOR_EMAIL,
        specialty_slug="cardiology",
        reviewer_email="cardio@demo.example",
        published_days_ago=33,
        references=(
            {
                "title": "High blood pressure (hypertension)",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/high-blood-pressure-hypertension/",
            },
            {
                "title": "Hypertension: fact sheet",
                "publisher": "World Health Organization",
                "url": "https://www.who.int/news-room/fact-sheets/detail/hypertension",
            },
        ),
        faq=(
            (
                "Which number matters more?",
                "Both matter. After the age of about 50 the top (systolic) number is the "
                "stronger predictor of heart disease and stroke.",
            ),
        ),
    ),
    DemoArticle(
        slug="low-vitamin-b12-and-vitamin-d",
        title="Low Vitamin B12 and Vitamin D: Who Is at Risk and What Helps",
        summary="Why tiredness and tingling feet can come from low vitamin B12 or D, who "
        "is most likely to be low, and how each is tested and treated.",
        body=VITAMINS,
        author_email="gp@demo.example",
        specialty_slug="general-medicine",
        published_days_ago=12,
        references=(
            {
                "title": "Vitamin B12 or folate deficiency anaemia",
                "publisher": "NHS",
                "url": "https://www.nhs.uk/conditions/vitamin-b12-or-folate-deficiency-anaemia/",
            },
        ),
    ),
    DemoArticle(
        slug="sleep-and-anxiety-breaking-the-cycle",
        title="Sleep and Anxiety: Breaking the Night-time Worry Cycle",
        summary="Why anxiety keeps you awake and poor sleep feeds anxiety, and practical "
        "steps that help, from a worry time to slow breathing.",
        body=SLEEP_ANXIETY,
        author_email=WRITER_EMAIL,
        specialty_slug="psychiatry",
        reviewer_email="psych@demo.example",
        published_days_ago=5,
    ),
    DemoArticle(
        slug="hand-eczema-from-detergents",
        title="Hand Eczema from Dishwashing and Detergents",
        summary="Why detergents and frequent washing crack the skin on your hands, and a "
        "routine that lets it heal.",
        body=HAND_ECZEMA,
        author_email=WRITER_EMAIL,
        specialty_slug="dermatology",
        reviewer_email="doctor@demo.example",
        published_days_ago=None,  # waiting in Dr. Asha Rao's review queue
    ),
    DemoArticle(
        slug="monsoon-fungal-skin-infections",
        title="Monsoon Fungal Skin Infections: Keeping Ringworm Away",
        summary="How to recognise ringworm, keep it from spreading at home, and why "
        "steroid combination creams make it worse.",
        body=MONSOON_FUNGAL,
        author_email=WRITER_EMAIL,
        specialty_slug="dermatology",
        reviewer_email="doctor@demo.example",
        published_days_ago=-5,  # scheduled
    ),
]

# Treatments the articles need, made only if the directory's demo has not made them.
TREATMENTS = {
    "stem-cell-therapy": ("Stem Cell Therapy", ("dermatology", "orthopaedics")),
    "phototherapy-for-psoriasis": ("Phototherapy for Psoriasis", ("dermatology",)),
}


class _Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.now = timezone.now()
        self.created = {"editors": 0, "articles": 0}

    def run(self) -> None:
        users = self._editors()
        self._reviewers()
        for demo in ARTICLES:
            self._article(demo, users)

    def _editors(self) -> dict:
        User = get_user_model()  # noqa: N806
        editors_group = editors_group_ensure()
        publish = Permission.objects.get(content_type__app_label="blog", codename="publish_article")
        users = {}
        for demo in EDITORS:
            user, created = demo_user(
                demo.email, is_staff=True, date_joined=self.now - timedelta(days=120)
            )
            self.created["editors"] += created
            user.groups.add(editors_group)
            if demo.can_publish:
                user.user_permissions.add(publish)
            AuthorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": demo.display_name,
                    "slug": demo.slug,
                    "job_title": demo.job_title,
                    "bio": demo.bio,
                },
            )
            users[demo.email] = User.objects.get(pk=user.pk)  # fresh permission cache
        return users

    def _reviewers(self) -> None:
        review = Permission.objects.get(content_type__app_label="blog", codename="review_article")
        for profile in (
            DoctorProfile.objects.verified()
            .filter(user__email__in=REVIEWER_EMAILS)
            .select_related("user")
        ):
            profile.user.user_permissions.add(review)

    def _user(self, email: str):
        return get_user_model().objects.filter(email=email).first()

    def _treatment(self, slug: str) -> Treatment | None:
        treatment = Treatment.objects.filter(slug=slug).first()
        if treatment is None and slug in TREATMENTS:
            name, specialty_slugs = TREATMENTS[slug]
            treatment = Treatment.objects.filter(name=name).first() or Treatment.objects.create(
                name=name, slug=slug
            )
            treatment.specialties.add(*Specialty.objects.filter(slug__in=specialty_slugs))
        return treatment

    def _article(self, demo: DemoArticle, users: dict) -> None:
        if Article.objects.filter(slug=demo.slug).exists():
            return
        editor = users[EDITOR_EMAIL]
        author = users.get(demo.author_email) or self._user(demo.author_email)
        specialty = (
            Specialty.objects.filter(slug=demo.specialty_slug).first()
            if demo.specialty_slug
            else None
        )
        treatment = self._treatment(demo.treatment_slug) if demo.treatment_slug else None
        reviewer_user = self._user(demo.reviewer_email) if demo.reviewer_email else None
        reviewer = DoctorProfile.objects.filter(user=reviewer_user).first()
        if author is None or (specialty is None and treatment is None):
            self.stdout.write(f"  skipped demo article {demo.slug}: its author or topic is missing")
            return

        days_ago = demo.extra.get("published_days_ago_override", demo.published_days_ago)
        publish_at = None if days_ago is None else self.now - timedelta(days=days_ago)
        writer = users[WRITER_EMAIL] if demo.author_email == WRITER_EMAIL else editor
        article = article_create(
            actor=writer,
            author=author,
            slug=demo.slug,
            title=demo.title,
            summary=demo.summary,
            body=demo.body,
            specialty=specialty,
            treatment=treatment,
            reviewer=reviewer,
            references=demo.references,
            faq=demo.faq,
        )
        article_send_to_review(actor=writer, article=article)
        if reviewer is not None and publish_at is not None:
            article_approve(actor=reviewer_user, article=article)
        if publish_at is not None:
            if publish_at > self.now:
                article.publish_at = publish_at  # scheduled: article_publish keeps it
            article_publish(actor=editor, article=article)
        self._backdate(article, publish_at, demo)
        self.created["articles"] += 1

    def _backdate(self, article: Article, publish_at, demo: DemoArticle) -> None:
        """Spread the workflow over the days before publication, as it happened."""
        live_at = publish_at if publish_at is not None and publish_at <= self.now else None
        anchor = live_at or self.now - timedelta(days=1)
        created_at = anchor - timedelta(days=9)
        fields = {"created_at": created_at, "updated_at": anchor - timedelta(hours=3)}
        if live_at is not None:
            fields["publish_at"] = live_at
        if article.last_reviewed_at is not None:
            reviewed_days = demo.extra.get("reviewed_days_ago")
            fields["last_reviewed_at"] = (
                self.now - timedelta(days=reviewed_days)
                if reviewed_days is not None
                else anchor - timedelta(days=1)
            )
            if reviewed_days is not None:
                fields["updated_at"] = fields["last_reviewed_at"]
        Article.objects.filter(pk=article.pk).update(**fields)
        steps = list(article.status_changes.order_by("created_at", "id"))
        for i, step in enumerate(steps):
            when = created_at + timedelta(days=2 + 2 * i)
            ArticleStatusChange.objects.filter(pk=step.pk).update(created_at=min(when, anchor))


def seed_blog(stdout) -> None:
    """Load the demo editor, writer and articles (safe to run again)."""
    seeder = _Seeder(stdout)
    with transaction.atomic():
        seeder.run()
    summary = ", ".join(f"{n} {what}" for what, n in seeder.created.items())
    stdout.write(f"Blog demo loaded ({summary} created).")
