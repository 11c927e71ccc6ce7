"""Load the demo content: specialties, demo logins, doctors and answered questions.

Everything is looked up before it is created (users by email, specialties and doctor
profiles by slug, questions by author and text, answers by question and doctor), so running
the command again only fills in what is missing. ``--once`` skips the whole run when the
demo doctor already exists; ``make run`` uses it on every start.

Questions and answers go through ``question_create`` and ``answer_create`` so their
rendering, counters, search vectors and notifications are what real ones get; only their
dates are moved back afterwards, so the demo looks like it grew over the last two months.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from textwrap import dedent

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Min
from django.test.utils import override_settings
from django.utils import timezone

from blog.demo import DEMO_LOGINS as BLOG_DEMO_LOGINS
from blog.demo import seed_blog
from directory.demo import seed_directory
from doctors.demo import LOGINS as DOCTOR_DEMO_LOGINS
from doctors.demo import demo_doctor_create, seed_doctors
from doctors.models import VERIFICATION_VALIDITY, ApplicationStatus, DoctorProfile
from portal.accounts.demo import DEMO_PASSWORD, demo_user
from portal.notifications.models import Notification
from portal.taxonomy.models import Specialty
from questions.models import Answer, Question
from questions.services import answer_create, question_create

DEMO_MARKER_EMAIL = "doctor@demo.example"


def _md(text: str) -> str:
    """Markdown written wrapped in this file, unwrapped: the portal's renderer turns every
    newline into a line break, as a doctor typing in a textarea expects."""
    blocks = []
    for block in dedent(text).strip().split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            if lines and not line.startswith("- "):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _plain(text: str) -> str:
    return " ".join(text.split())


SPECIALTIES = [
    (
        "Dermatology",
        "dermatology",
        "Skin, hair and nail problems, from acne and eczema to psoriasis and hair fall.",
        "skin, rash, acne, psoriasis, eczema, itch, itching, hair fall, dandruff, pimples, "
        "pigmentation, dark spots, fungal infection, nails",
    ),
    (
        "Cardiology",
        "cardiology",
        "The heart and blood vessels: blood pressure, palpitations, cholesterol, heart disease.",
        "heart, bp, blood pressure, hypertension, palpitations, heartbeat, cholesterol, ecg, "
        "breathlessness, swelling feet, stent",
    ),
    (
        "Psychiatry",
        "psychiatry",
        "Mental health: anxiety, low mood, sleep, stress and alcohol or substance use.",
        "anxiety, depression, stress, sleep, insomnia, panic, mood, low mood, worry, "
        "alcohol, addiction, ocd",
    ),
    (
        "Gynaecology",
        "gynaecology",
        "Women's health: periods, PCOS, pregnancy, fertility and menopause.",
        "period, periods, menstrual, irregular periods, pcos, pcod, pregnancy, pregnant, "
        "white discharge, fertility, ovary, menopause",
    ),
    (
        "Orthopaedics",
        "orthopaedics",
        "Bones, joints, muscles and the spine: back and knee pain, injuries, arthritis.",
        "back pain, knee pain, joint pain, neck pain, shoulder pain, sciatica, slip disc, "
        "fracture, sprain, arthritis, bone",
    ),
    (
        "Paediatrics",
        "paediatrics",
        "Health of babies, children and teenagers: fever, growth, feeding and vaccines.",
        "child, baby, infant, toddler, newborn, kid, son, daughter, vaccination, growth, feeding",
    ),
    (
        "General Medicine",
        "general-medicine",
        "Everyday health problems and a first opinion when you are not sure whom to ask.",
        "fever, tiredness, fatigue, weakness, vitamin, vitamin d, b12, cold, cough, "
        "infection, body pain, check-up",
    ),
    (
        "Gastroenterology",
        "gastroenterology",
        "The stomach, intestines and liver: acidity, bloating, bowel problems, liver health.",
        "acidity, acid reflux, gas, bloating, indigestion, constipation, diarrhoea, "
        "stomach pain, vomiting, liver, piles",
    ),
    (
        "ENT",
        "ent",
        "Ear, nose and throat: sinus trouble, tonsils, hearing, snoring and dizziness.",
        "ear, ear pain, nose, blocked nose, sinus, sinusitis, throat, tonsils, hearing, "
        "snoring, vertigo",
    ),
    (
        "Endocrinology",
        "endocrinology",
        "Hormones and metabolism: diabetes, thyroid, weight and other gland problems.",
        "diabetes, sugar, blood sugar, hba1c, prediabetes, insulin, thyroid, hypothyroid, "
        "hormone, obesity, weight gain",
    ),
]


@dataclass(frozen=True)
class DemoDoctor:
    email: str
    full_name: str
    slug: str
    specialties: tuple[str, ...]
    qualifications: str
    registration_number: str
    years_of_experience: int


DOCTORS = [
    DemoDoctor(
        "doctor@demo.example",
        "Asha Rao",
        "asha-rao-dermatology",
        ("dermatology",),
        "MBBS, MD (Dermatology)",
        "MMC 2009/04/1234",
        14,
    ),
    DemoDoctor(
        "cardio@demo.example",
        "Vikram Mehta",
        "vikram-mehta-cardiology",
        ("cardiology",),
        "MBBS, MD (General Medicine), DM (Cardiology)",
        "DMC 2006/11/5521",
        18,
    ),
    DemoDoctor(
        "psych@demo.example",
        "Farah Khan",
        "farah-khan-psychiatry",
        ("psychiatry",),
        "MBBS, MD (Psychiatry)",
        "KMC 2012/07/3380",
        11,
    ),
    DemoDoctor(
        "gp@demo.example",
        "Rohan Iyer",
        "rohan-iyer-general-medicine",
        ("general-medicine", "gastroenterology"),
        "MBBS, MD (General Medicine)",
        "TNMC 2010/02/7712",
        13,
    ),
]

PATIENT_EMAILS = ["patient@demo.example", "patient2@demo.example", "patient3@demo.example"]
STAFF_EMAIL = "staff@demo.example"


@dataclass(frozen=True)
class DemoAnswer:
    doctor_email: str
    hours_after_question: float
    body: str


@dataclass(frozen=True)
class DemoQuestion:
    author_email: str
    specialty_slug: str
    age: int
    gender: str
    asked_days_ago: float
    text: str
    is_private: bool = False
    answers: list[DemoAnswer] = field(default_factory=list)


QUESTIONS = [
    DemoQuestion(
        "patient@demo.example",
        "dermatology",
        31,
        "female",
        58,
        _plain("""
            I am 31 and for about two years I have had pimples on my jawline and chin. They
            get worse the week before my periods, and some are deep and painful and leave dark
            marks. I never had acne as a teenager. I have tried many face washes and a tea
            tree gel from the chemist but nothing lasts. Is this hormonal? What treatment
            should I take, and will the marks go away?
        """),
        answers=[
            DemoAnswer(
                "doctor@demo.example",
                6,
                _md("""
                    Adult acne along the jawline that flares before periods often has a
                    hormonal component, and it usually responds well to steady treatment.

                    - **Keep the routine simple:** a gentle cleanser twice a day, an oil-free
                      moisturiser and a daily sunscreen.
                    - **First-line creams:** a retinoid at night (such as adapalene) with
                      benzoyl peroxide in the morning is the usual start. Expect some dryness
                      in the first weeks and give it **8 to 12 weeks** before judging.
                    - **Don't squeeze** the deep, painful lumps: that is what leaves marks
                      and scars.
                    - The **dark marks** fade slowly over months once new pimples stop;
                      sunscreen every day helps them fade faster.

                    If your periods are irregular, or you notice extra facial hair or weight
                    gain, tell your doctor: blood tests for PCOS may be worth doing.

                    **See a dermatologist in person** if the deep lumps continue, if you see
                    scarring, or if there is no improvement after three months, as tablets
                    may be needed.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient3@demo.example",
        "dermatology",
        42,
        "male",
        52,
        _plain("""
            Merhaba, 42 yaşındayım ve yaklaşık 10 yıldır sedef hastalığım var. Dirseklerimde,
            dizlerimde ve saç derimde kalın, pullu plaklar oluşuyor. Kremler bir süre işe
            yarıyor ama bıraktığımda geri geliyor. İnternette kök hücre tedavisinin sedefi
            tamamen iyileştirdiğini okudum. Bu tedavi gerçekten işe yarıyor mu, güvenli mi ve
            yaptırmak için yurt dışına gitmeye değer mi?
        """),
        answers=[
            DemoAnswer(
                "doctor@demo.example",
                9,
                _md("""
                    Thank you for your question (I am answering in English). Psoriasis is a
                    long-term condition, and after ten years of flares it is natural to look
                    for a permanent cure.

                    **Stem cell therapy for psoriasis is still experimental.** There are small
                    studies and case reports, mostly in people who had stem cell transplants
                    for other diseases, but no good evidence yet that it cures psoriasis. The
                    procedures carry real risks and high costs, and anyone promising a
                    complete cure is going beyond the evidence.

                    What works well today:

                    - **Creams and scalp treatments** used with a maintenance plan, rather than
                      stopping suddenly when the skin clears.
                    - **Phototherapy** (narrowband UVB) for widespread plaques.
                    - **Tablets or biologic injections** for moderate to severe psoriasis;
                      many patients become almost clear on them.

                    Psoriasis is also linked with joint pain, high blood pressure, diabetes and
                    cholesterol, so a general check-up is worthwhile.

                    **Please see a dermatologist in person** to assess how much skin is
                    involved and to discuss these treatments, and sooner if you develop
                    painful or swollen joints or the rash spreads quickly over your body.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient2@demo.example",
        "dermatology",
        33,
        "male",
        46,
        _plain("""
            Male, 33. For the last six months my hair is falling a lot. I see many hairs on
            the pillow and in the shower, and I also have dandruff and an itchy scalp. I moved
            to a new city for a job around the same time and I am sleeping late. My father is
            bald at the crown. Is this stress or genetic baldness? Should I start minoxidil?
        """),
        answers=[
            DemoAnswer(
                "doctor@demo.example",
                4,
                _md("""
                    It may be more than one thing at once, which is common at your age.

                    - **Shedding all over the scalp** a few months after a stressful change,
                      poor sleep, illness or crash dieting is often *telogen effluvium*. It
                      usually settles within about six months once the trigger passes.
                    - **Gradual thinning at the crown or temples**, with a family history,
                      suggests *male pattern hair loss*. This is where minoxidil helps, but it
                      needs daily use for at least six months, and the benefit lasts only
                      while you use it.
                    - **Dandruff and itching** do not cause baldness, but an anti-dandruff
                      shampoo with ketoconazole or zinc pyrithione two or three times a week
                      calms the scalp.

                    Simple blood tests (haemoglobin, ferritin, thyroid, vitamin D) are
                    reasonable if the shedding continues.

                    **See a dermatologist in person** to have the pattern examined before you
                    start long-term treatment, and sooner if you notice round bald patches, a
                    painful or red scalp, or hair loss from the eyebrows or beard.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient3@demo.example",
        "cardiology",
        42,
        "male",
        40,
        _plain("""
            I am 42, male. My home BP machine has shown around 150/95 most mornings for the
            last month. I feel fine and have no symptoms. My father needed stents at 55 and my
            cholesterol was a bit high last year. My family says I should try garlic and
            walking first instead of medicine. How long can I wait before starting BP tablets?
        """),
        answers=[
            DemoAnswer(
                "cardio@demo.example",
                5,
                _md("""
                    Measuring at home was the right first step. Readings around **150/95 on
                    most days** are in the range of high blood pressure, and with your
                    father's history and raised cholesterol your overall heart risk is higher
                    than average.

                    - **Confirm the readings:** sit quietly for five minutes, arm supported at
                      heart level, and take two readings morning and evening for a week.
                    - **Lifestyle helps a lot:** brisk walking most days, less salt and
                      packaged food, less alcohol, no smoking and some weight loss can lower
                      blood pressure noticeably. Garlic has only a small effect and should not
                      replace treatment.
                    - **Tablets** are usually advised when readings stay at this level despite
                      these changes, or earlier when overall risk is high. Modern blood
                      pressure medicines are safe and well tolerated.

                    Ask for kidney function, blood sugar, a lipid profile, a urine test and an
                    ECG.

                    **See a doctor in person within the next few weeks** to review your
                    readings. Get urgent care for readings above 180/110, a severe headache,
                    breathlessness, chest discomfort or weakness on one side of the body.
                """),
            ),
            DemoAnswer(
                "gp@demo.example",
                26,
                _md("""
                    I agree with Dr. Mehta. One practical point: **don't wait for months**.
                    Three to four weeks of careful home readings and lifestyle changes is a
                    reasonable trial, followed by a decision with your doctor.

                    - Check that the cuff fits your arm; a cuff that is too small gives falsely
                      high numbers.
                    - Avoid tea, coffee and smoking for 30 minutes before measuring.
                    - If you snore loudly or feel sleepy during the day, mention it: sleep
                      apnoea can raise blood pressure.

                    **Visit your physician in person** with your readings and recent blood
                    reports, and don't start or stop any medicine on your own.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient2@demo.example",
        "cardiology",
        33,
        "male",
        35,
        _plain("""
            Male, 33. At night when I lie down I sometimes feel my heart beating fast or
            skipping a beat for a few seconds. It happens three or four times a week. An ECG
            done last month was normal. I drink about four cups of coffee a day and work has
            been stressful. Should I be worried?
        """),
        answers=[
            DemoAnswer(
                "cardio@demo.example",
                8,
                _md("""
                    Brief skipped or extra beats are very common. With a normal ECG and no
                    other symptoms they are usually harmless **ectopic beats**, and they are
                    often more noticeable at night, when everything is quiet.

                    Common triggers:

                    - **Caffeine**: four cups a day is a fair amount, so cut down gradually.
                    - Stress and short sleep.
                    - Alcohol, nicotine and not drinking enough water.
                    - An overactive thyroid or low haemoglobin, which a blood test can check.

                    An ECG records only a few seconds, so if the episodes continue a **24 to
                    48 hour Holter monitor** can capture one.

                    **See a cardiologist in person** if episodes last more than a few minutes,
                    or come with dizziness, breathlessness, chest discomfort or blackouts, or
                    if anyone in your family died suddenly at a young age.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient@demo.example",
        "gynaecology",
        31,
        "female",
        30,
        _plain("""
            Female, 31. My periods come every 45 to 60 days for the last two years, I have
            gained 8 kg, and dark hair is growing on my chin that I have to thread every week.
            A scan shows "multiple small follicles in both ovaries". We want to try for a baby
            next year. Is this PCOS, and will I be able to get pregnant?
        """),
        answers=[
            DemoAnswer(
                "gp@demo.example",
                7,
                _md("""
                    Irregular periods, weight gain and extra facial hair, together with that
                    scan finding, fit **polycystic ovary syndrome (PCOS)**. Blood tests
                    (hormones, thyroid, prolactin, sugar and lipids) should confirm it and rule
                    out other causes.

                    The good news: **most women with PCOS do become pregnant**, sometimes with
                    a little help to ovulate.

                    - **Weight:** losing even **5 to 10 percent** of body weight often makes
                      periods more regular and helps ovulation.
                    - **Food and activity:** regular exercise, and fewer sugary drinks and
                      refined carbohydrates, improve the insulin resistance behind PCOS.
                    - **Before trying:** start folic acid, and include your partner in the
                      check-up.
                    - If ovulation does not return, a gynaecologist can prescribe medicines
                      that help you ovulate.

                    **See a gynaecologist in person** before you start trying, and sooner if
                    you have very heavy bleeding or go more than three months without a period.
                """),
            ),
            DemoAnswer(
                "doctor@demo.example",
                30,
                _md("""
                    A note on the facial hair, which often bothers patients most. Treating the
                    PCOS itself (weight, and hormonal treatment if your gynaecologist advises
                    it) slows new growth over 6 to 12 months. Meanwhile:

                    - **Laser hair reduction** works well on dark hair, best once the hormones
                      are being treated.
                    - Threading is fine, but it can leave bumps and darker skin; avoid
                      plucking ingrown hairs.

                    **See a dermatologist in person** to check your skin type before starting
                    laser, and mention any acne or thinning of scalp hair at that visit.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient@demo.example",
        "psychiatry",
        31,
        "female",
        26,
        _plain("""
            I'm 31 (female). For about three months I can't fall asleep before 2 am because my
            mind keeps going over work. In meetings my heart races, my hands shake and I feel
            I have to leave the room. I have started avoiding presentations. I don't want to
            take sleeping pills. What are my options?
        """),
        answers=[
            DemoAnswer(
                "psych@demo.example",
                10,
                _md("""
                    Ongoing worry, trouble switching off at night and sudden surges of
                    physical fear in meetings sound like an **anxiety disorder, possibly with
                    panic symptoms**. It is common and very treatable, and sleeping pills are
                    not the main answer.

                    - **Cognitive behavioural therapy (CBT)** is the first-choice treatment;
                      many people improve within 8 to 12 sessions.
                    - **Sleep habits:** a fixed wake-up time, no work messages for an hour
                      before bed, and getting up if you lie awake for more than 20 minutes.
                    - **In the moment:** breathe out more slowly than you breathe in; it helps
                      a racing heart settle.
                    - Avoiding presentations brings short-term relief but lets the fear grow;
                      a therapist can help you face them step by step.
                    - If therapy alone is not enough, non-habit-forming medicines can help,
                      prescribed after a proper assessment.

                    **Please see a psychiatrist or psychologist in person** if this is
                    affecting your work or relationships, and get help the same day if you
                    ever feel hopeless or think of harming yourself.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient2@demo.example",
        "psychiatry",
        33,
        "male",
        21,
        _plain("""
            Male, 33. Since my divorce last year I feel low most days. I don't enjoy cricket or
            meeting friends any more, and I drink four or five pegs of whisky most nights to
            sleep. My work is suffering. I don't want my family to know. Is this depression,
            and can it be treated without anyone finding out?
        """),
        is_private=True,
        answers=[
            DemoAnswer(
                "psych@demo.example",
                3,
                _md("""
                    Thank you for writing; that takes courage. Feeling low most days, losing
                    interest in things you enjoyed and struggling at work for months does
                    sound like **depression**, and the drinking is probably making both your
                    mood and your sleep worse, even though it helps you fall asleep.

                    - **Treatment is confidential.** Doctors and therapists do not share your
                      information with your family or employer without your consent.
                    - Depression responds well to **talking therapy, medicines, or both**.
                    - **Alcohol:** when you drink every day, cutting down gradually with a
                      doctor's help is safer than stopping suddenly, especially if you feel
                      shaky or sweaty in the mornings.
                    - Small steps help: regular meals, some daylight and a walk each day, and
                      one trusted person to talk to.

                    **Please book an in-person appointment with a psychiatrist soon.** If you
                    ever have thoughts of ending your life, contact emergency services or a
                    crisis helpline straight away.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient3@demo.example",
        "orthopaedics",
        42,
        "male",
        16,
        _plain("""
            Male, 42, office job. Two weeks ago I lifted a heavy suitcase and since then I have
            low back pain that goes down the back of my left leg to the calf. It is worse when
            I sit for long or bend. Painkillers help a little. No problem passing urine. Do I
            need an MRI? Should I take complete bed rest?
        """),
        answers=[
            DemoAnswer(
                "gp@demo.example",
                12,
                _md("""
                    Back pain running down the back of one leg after lifting is typical of
                    **sciatica**, usually a disc pressing on a nerve root. Most cases improve
                    on their own over **6 to 12 weeks**.

                    - **No complete bed rest.** Staying gently active, with short walks and
                      frequent changes of position, leads to a faster recovery.
                    - **Pain relief** taken regularly for a short time, and a hot pack, help
                      you keep moving; ask your doctor which tablets suit you.
                    - **Physiotherapy** after the first couple of weeks builds core strength
                      and improves your sitting posture at work.
                    - An **MRI is usually not needed** in the first six weeks unless there are
                      warning signs, because it rarely changes early treatment.

                    **See a doctor in person urgently** if you get numbness around the groin
                    or buttocks, trouble passing or holding urine or stool, or weakness in the
                    leg or foot. Otherwise see an orthopaedic doctor or a physiotherapist if
                    the pain is not improving after four to six weeks.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient@demo.example",
        "gastroenterology",
        58,
        "female",
        12,
        _plain("""
            Asking for my mother, 58. For a few months she has had burning behind the
            breastbone and a sour taste after meals, especially at night, with bloating. She
            takes an antacid syrup almost every day and sometimes a pantoprazole tablet from
            the chemist. She also takes blood pressure medicine. Is it safe to keep taking
            these, and what should she change?
        """),
        answers=[
            DemoAnswer(
                "gp@demo.example",
                5,
                _md("""
                    This sounds like **acid reflux (GERD)**, which is very common, and simple
                    changes make a big difference:

                    - **Dinner at least three hours before lying down**, and smaller meals.
                    - **Raise the head end of the bed** by 6 to 8 inches with blocks under the
                      legs; extra pillows don't work as well.
                    - Less fried and spicy food, no tea or coffee late in the day, and some
                      weight loss if she is overweight.
                    - An occasional antacid is fine. A **daily acid-reducing tablet** should be
                      a fixed course under a doctor's guidance, then reviewed, rather than
                      bought from the chemist indefinitely.

                    At 58, with symptoms for months, she **should see a doctor in person**,
                    and **promptly** if she has difficulty or pain swallowing, vomiting, black
                    stools, or loses weight or appetite, as she may need an endoscopy.
                """),
            ),
            DemoAnswer(
                "cardio@demo.example",
                22,
                _md("""
                    One addition from the heart side: at her age, and with high blood
                    pressure, **burning in the chest should not automatically be put down to
                    acidity**.

                    If the discomfort comes on with walking or climbing stairs and eases with
                    rest, spreads to the arm, jaw or back, or comes with sweating or
                    breathlessness, she needs an **ECG and a heart check-up**, and emergency
                    care if it starts at rest and does not settle within a few minutes.

                    Otherwise follow Dr. Iyer's advice and **see her physician in person**.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient@demo.example",
        "paediatrics",
        3,
        "female",
        7,
        _plain("""
            My daughter is 3 years old. She has had fever up to 101°F for two days, a runny
            nose and a mild cough. She is eating less but drinking water and juice and passing
            urine normally, and she plays when the fever comes down with paracetamol syrup.
            Does she need antibiotics? When should I take her to the hospital?
        """),
        answers=[
            DemoAnswer(
                "gp@demo.example",
                2,
                _md("""
                    This sounds most like a **viral cold with fever**, very common at this age
                    and usually better in three to five days. **Antibiotics don't help viral
                    infections**, and a child who plays when the fever comes down is a
                    reassuring sign.

                    - Give **paracetamol in the dose for her weight**, no more often than
                      every four to six hours, and only when she is uncomfortable.
                    - Keep up the fluids; eating less for a few days is fine.
                    - Saline nose drops help a blocked nose; avoid cough syrups at her age.
                    - Dress her lightly; no cold-water sponging.

                    **Take her to a doctor in person** if the fever lasts more than three
                    days, or sooner if she breathes fast or with effort, is unusually drowsy,
                    passes much less urine, has ear pain, or has a rash that does not fade
                    when pressed. Go to emergency straight away if she has a fit.
                """),
            ),
        ],
    ),
    DemoQuestion(
        "patient2@demo.example",
        "general-medicine",
        61,
        "male",
        5,
        _plain("""
            Asking for my father, 61. He has felt tired all the time for three months, gets
            tingling in his feet, and his memory seems a little weaker. His blood test shows
            vitamin B12 of 150 pg/mL and vitamin D of 14 ng/mL. He is diabetic and has taken
            metformin for ten years. Are tablets enough or does he need injections?
        """),
        answers=[
            DemoAnswer(
                "gp@demo.example",
                9,
                _md("""
                    Those results explain a lot. **B12 of 150 pg/mL is low**, and long-term
                    metformin is a well-known cause because it reduces B12 absorption. Low B12
                    can cause tiredness, tingling feet and memory trouble. Vitamin D of
                    14 ng/mL is also deficient.

                    - With nerve symptoms, doctors usually start with **B12 injections** for a
                      few weeks to refill the stores, then continue with tablets or occasional
                      injections. He should **not stop metformin** on his own.
                    - **Vitamin D** is replaced with a supplement for a couple of months, then
                      a maintenance dose, with a recheck after about three months.
                    - Diabetes itself can cause tingling feet, so his HbA1c, kidney function
                      and thyroid should be checked and his feet examined.

                    **Please take him to his physician in person** to start treatment and
                    have his nerves examined, and sooner if he becomes unsteady on his feet,
                    falls, or gets confused.
                """),
            ),
        ],
    ),
    # Left unanswered so the doctors' dashboard has work waiting.
    DemoQuestion(
        "patient@demo.example",
        "dermatology",
        31,
        "female",
        3,
        _plain("""
            I am 31. For three weeks both my hands have had an itchy red rash with tiny
            blisters on the sides of the fingers, and now the skin is cracking at the
            knuckles. It started soon after we changed our washing powder, and I do most of
            the dishes by hand. Coconut oil at night helps a little. What can I apply, and do
            I need to stop using the detergent completely?
        """),
    ),
    DemoQuestion(
        "patient2@demo.example",
        "ent",
        33,
        "male",
        2,
        _plain("""
            Male, 33. Every winter my nose stays blocked for weeks, I get pressure around my
            eyes and forehead, and thick yellow mucus in the mornings. I now use a nasal
            decongestant spray almost every night because I can't sleep without it. Could this
            be sinusitis or polyps? Is it safe to keep using the spray?
        """),
    ),
    DemoQuestion(
        "patient3@demo.example",
        "endocrinology",
        47,
        "female",
        1,
        _plain("""
            My wife is 47. Her routine check-up shows HbA1c 6.3% and fasting sugar 112 mg/dL,
            and the report says "prediabetes". She is slightly overweight and her mother had
            diabetes. Does she need medicine now, or can diet and exercise reverse it? Which
            foods should she avoid?
        """),
    ),
]


class Command(BaseCommand):
    help = "Load demo specialties, logins, doctors and questions (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Do nothing if the demo content has been loaded before.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo with DEBUG off (its passwords are published: never on a "
            "public host).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "The demo creates logins with a published password (a superuser among "
                "them); with DEBUG off, pass --allow-production to load it anyway."
            )
        User = get_user_model()  # noqa: N806
        if options["once"] and User.objects.filter(email=DEMO_MARKER_EMAIL).exists():
            self.stdout.write("Demo content already loaded")
            self._print_logins()
            return

        # With tasks run inline (no Redis), each demo answer's no-op email task would log
        # a line to the `make run` console.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        self.now = timezone.now()
        self.created = {"specialties": 0, "users": 0, "questions": 0, "answers": 0}
        # The services apply flood control meant for real patients; the demo asks many
        # questions per account in one go.
        with (
            override_settings(QUESTION_FLOOD_SECONDS=0, QUESTION_DAILY_LIMIT=1000),
            transaction.atomic(),
        ):
            specialties = self._specialties()
            users = self._users()
            self._doctors(users, specialties)
            self._questions(users, specialties)

        summary = ", ".join(f"{n} {what}" for what, n in self.created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({summary} created)."))
        seed_directory(self.stdout)
        seed_blog(self.stdout)
        seed_doctors(self.stdout)
        self._print_logins()

    def _specialties(self) -> dict[str, Specialty]:
        result = {}
        for name, slug, description, keywords in SPECIALTIES:
            specialty = (
                Specialty.objects.filter(slug=slug).first()
                or Specialty.objects.filter(name=name).first()
            )
            if specialty is None:
                specialty = Specialty.objects.create(
                    name=name, slug=slug, description=description, keywords=keywords
                )
                self.created["specialties"] += 1
            result[slug] = specialty
        return result

    def _users(self) -> dict:
        emails = [*PATIENT_EMAILS, *(d.email for d in DOCTORS), STAFF_EMAIL]
        result = {}
        for email in emails:
            is_staff = email == STAFF_EMAIL
            user, created = demo_user(
                email,
                is_staff=is_staff,
                is_superuser=is_staff,
                date_joined=self.now - timedelta(days=90),
            )
            self.created["users"] += created
            result[email] = user
        return result

    def _doctors(self, users: dict, specialties: dict[str, Specialty]) -> None:
        verified_at = self.now - timedelta(days=80)
        for demo in DOCTORS:
            user = users[demo.email]
            profile = DoctorProfile.objects.filter(user=user).first()
            if profile is None:
                profile = demo_doctor_create(user=user, demo=demo, verified_at=verified_at)
                profile.specialties.set([specialties[s] for s in demo.specialties])
                DoctorProfile.objects.filter(pk=profile.pk).update(
                    created_at=self.now - timedelta(days=85)
                )
            elif not profile.is_approved:
                profile.application_status = ApplicationStatus.APPROVED
                profile.verified_at = verified_at
                profile.verified_until = verified_at + VERIFICATION_VALIDITY
                profile.save(update_fields=["application_status", "verified_at", "verified_until"])

    def _questions(self, users: dict, specialties: dict[str, Specialty]) -> None:
        for demo in QUESTIONS:
            author = users[demo.author_email]
            asked_at = self.now - timedelta(days=demo.asked_days_ago)
            question = Question.objects.filter(author=author, text=demo.text).first()
            if question is None:
                question = question_create(
                    author=author,
                    text=demo.text,
                    age=demo.age,
                    gender=demo.gender,
                    specialty=specialties[demo.specialty_slug],
                    is_private=demo.is_private,
                )
                Question.objects.filter(pk=question.pk).update(
                    created_at=asked_at, updated_at=asked_at
                )
                self.created["questions"] += 1

            new_answers = False
            for demo_answer in demo.answers:
                doctor_user = users[demo_answer.doctor_email]
                if Answer.objects.filter(question=question, doctor__user=doctor_user).exists():
                    continue
                answer = answer_create(user=doctor_user, question=question, body=demo_answer.body)
                answered_at = asked_at + timedelta(hours=demo_answer.hours_after_question)
                Answer.objects.filter(pk=answer.pk).update(
                    created_at=answered_at, updated_at=answered_at
                )
                self._backdate_notification(answer, answered_at)
                self.created["answers"] += 1
                new_answers = True

            if new_answers:
                first = question.answers.aggregate(first=Min("created_at"))["first"]
                Question.objects.filter(pk=question.pk).update(answered_at=first)

    def _backdate_notification(self, answer: Answer, answered_at) -> None:
        # Demo patients have no real mailbox: marking the email as already sent (before the
        # transaction commits) makes the queued email task find nothing to do. Only the
        # last week's notifications stay unread, so the bell shows a few, not all.
        recent = self.now - answered_at < timedelta(days=8)
        Notification.objects.filter(target_path__endswith=f"#answer-{answer.pk}").update(
            created_at=answered_at,
            email_status=Notification.EmailStatus.SENT,
            email_sent_at=answered_at,
            read_at=None if recent else answered_at + timedelta(hours=2),
        )

    def _print_logins(self) -> None:
        names = {slug: name for name, slug, _, _ in SPECIALTIES}
        rows = [(email, "patient") for email in PATIENT_EMAILS]
        rows += [
            (d.email, f"doctor: Dr. {d.full_name}, {' + '.join(names[s] for s in d.specialties)}")
            for d in DOCTORS
        ]
        rows.append((STAFF_EMAIL, "staff: moderator and admin"))
        rows += BLOG_DEMO_LOGINS
        rows += DOCTOR_DEMO_LOGINS
        width = max(len(email) for email, _ in rows)
        self.stdout.write("\nDemo logins")
        self.stdout.write(f"  {'email'.ljust(width)}  {'password'.ljust(14)}  role")
        for email, role in rows:
            self.stdout.write(f"  {email.ljust(width)}  {DEMO_PASSWORD}  {role}")
        self.stdout.write("")
