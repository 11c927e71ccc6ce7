"""A small, realistic demo directory, written by us: five Indian cities and four abroad,
seven treatments, fourteen fictional clinics (no real names, ``.example`` websites, phone
numbers no exchange gives out) and the prices they quote, each with its source and date.

``seed_directory`` is called at the end of ``seed_demo``. Every row is looked up before it
is created, so running it again only fills in what is missing, and it never overwrites a
row an editor has changed since.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from doctors.demo import demo_doctor_create
from doctors.models import DoctorProfile
from portal.taxonomy.models import City, Country, Specialty, Treatment

from .models import Clinic, CostEntry
from .services import clinic_create, cost_entry_same_exists, cost_entry_unsaved

COUNTRIES = [
    # slug, name, ISO code, currency
    ("india", "India", "IN", "INR"),
    ("turkey", "Turkey", "TR", "TRY"),
    ("thailand", "Thailand", "TH", "THB"),
    ("united-arab-emirates", "United Arab Emirates", "AE", "AED"),
    ("united-kingdom", "United Kingdom", "GB", "GBP"),
]

CITIES = [
    # slug, name, country slug
    ("mumbai", "Mumbai", "india"),
    ("delhi", "Delhi", "india"),
    ("bengaluru", "Bengaluru", "india"),
    ("chennai", "Chennai", "india"),
    ("hyderabad", "Hyderabad", "india"),
    ("istanbul", "Istanbul", "turkey"),
    ("bangkok", "Bangkok", "thailand"),
    ("dubai", "Dubai", "united-arab-emirates"),
    ("london", "London", "united-kingdom"),
]

SPECIALTY_NAMES = {
    "dermatology": "Dermatology",
    "orthopaedics": "Orthopaedics",
    "gynaecology": "Gynaecology",
    "cardiology": "Cardiology",
}

TREATMENTS = [
    (
        "stem-cell-therapy",
        "Stem Cell Therapy",
        ("dermatology", "orthopaedics"),
        "Treatment with cells taken from your own bone marrow or fat. Proven for some blood "
        "cancers; for skin and joint problems it is still experimental, so ask whether a "
        "clinic offers it within a registered trial.",
    ),
    (
        "knee-replacement",
        "Knee Replacement",
        ("orthopaedics",),
        "Surgery that replaces a worn-out knee joint with a metal and plastic implant, "
        "usually for advanced arthritis when pain limits walking despite other treatment.",
    ),
    (
        "ivf",
        "IVF",
        ("gynaecology",),
        "In vitro fertilisation: eggs are collected and fertilised in a laboratory and an "
        "embryo is placed in the womb. Prices are per cycle; medicines are often extra.",
    ),
    (
        "hair-transplant",
        "Hair Transplant",
        ("dermatology",),
        "Moving hair follicles from the back of the scalp to thinning areas (FUE or FUT). "
        "Suited to stable pattern hair loss; the price depends on the number of grafts.",
    ),
    (
        "phototherapy-for-psoriasis",
        "Phototherapy for Psoriasis",
        ("dermatology",),
        "Narrowband UVB light given two or three times a week for eight to twelve weeks, "
        "for psoriasis that covers too much skin for creams alone.",
    ),
    (
        "angioplasty",
        "Angioplasty",
        ("cardiology",),
        "Opening a narrowed heart artery with a balloon passed through a thin tube, usually "
        "leaving a stent. The price depends on the number and type of stents.",
    ),
    (
        "coronary-bypass-surgery",
        "Coronary Bypass Surgery",
        ("cardiology",),
        "Open-heart surgery (CABG) that routes blood around blocked heart arteries using a "
        "vessel from the chest, leg or arm.",
    ),
]


@dataclass(frozen=True)
class DemoClinic:
    slug: str
    name: str
    kind: str
    city: str
    address: str
    postcode: str
    phone: str
    accreditations: tuple[str, ...]
    specialties: tuple[str, ...]
    treatments: tuple[str, ...]
    description: str
    is_sponsored: bool = False


H, C = Clinic.Kind.HOSPITAL, Clinic.Kind.CLINIC
CLINICS = [
    DemoClinic(
        "kestrel-bay-hospital-mumbai",
        "Kestrel Bay Multispeciality Hospital",
        H,
        "mumbai",
        "Plot 14, Linking Road\nBandra West",
        "400050",
        "+91 22 0100 0114",
        ("JCI", "NABH", "NABL"),
        ("orthopaedics", "cardiology", "dermatology", "gynaecology"),
        (
            "knee-replacement",
            "angioplasty",
            "coronary-bypass-surgery",
            "stem-cell-therapy",
            "ivf",
        ),
        "A 320-bed hospital with a 24-hour cardiac unit, a joint replacement centre and a "
        "fertility wing. International patients get a written estimate before admission.",
    ),
    DemoClinic(
        "tamarind-skin-hair-clinic-mumbai",
        "Tamarind Skin & Hair Clinic",
        C,
        "mumbai",
        "2nd floor, Harbour View Arcade, Hill Road\nBandra West",
        "400050",
        "+91 22 0100 0231",
        ("ISO9001",),
        ("dermatology",),
        ("hair-transplant", "phototherapy-for-psoriasis", "stem-cell-therapy"),
        "A dermatology clinic with a phototherapy room (whole-body narrowband UVB) and a "
        "hair restoration suite. Stem cell treatment for skin disease is offered only "
        "within a registered study.",
        is_sponsored=True,
    ),
    DemoClinic(
        "marigold-regenerative-centre-mumbai",
        "Marigold Regenerative Medicine Centre",
        C,
        "mumbai",
        "Unit 6, Sagar Tech Plaza, Andheri-Kurla Road\nAndheri East",
        "400059",
        "",
        (),
        ("orthopaedics",),
        ("stem-cell-therapy",),
        "A day-care centre offering bone-marrow and fat-derived cell injections for knee "
        "osteoarthritis. No overnight beds; patients needing surgery are referred on.",
    ),
    DemoClinic(
        "banyan-court-hospital-delhi",
        "Banyan Court Hospital",
        H,
        "delhi",
        "Sector B, Pocket 3\nVasant Kunj",
        "110070",
        "+91 11 0100 0347",
        ("JCI", "NABH"),
        ("cardiology", "orthopaedics", "gynaecology"),
        (
            "angioplasty",
            "coronary-bypass-surgery",
            "knee-replacement",
            "ivf",
            "stem-cell-therapy",
        ),
        "A tertiary-care hospital in south Delhi with two cardiac catheter labs, a robotic "
        "knee surgery programme and an IVF laboratory.",
    ),
    DemoClinic(
        "indigo-hair-skin-studio-delhi",
        "Indigo Hair & Skin Studio",
        C,
        "delhi",
        "M-22, Greater Kailash Part 2",
        "110048",
        "+91 11 0100 0422",
        (),
        ("dermatology",),
        ("hair-transplant", "phototherapy-for-psoriasis"),
        "A dermatologist-led clinic for hair loss and chronic skin conditions, with FUE "
        "hair transplants done under local anaesthetic.",
        is_sponsored=True,
    ),
    DemoClinic(
        "neem-grove-fertility-centre-bengaluru",
        "Neem Grove Fertility Centre",
        C,
        "bengaluru",
        "No. 41, 12th Main\nHAL 2nd Stage, Indiranagar",
        "560008",
        "+91 80 0100 0518",
        ("NABH",),
        ("gynaecology",),
        ("ivf",),
        "A fertility clinic with its own embryology laboratory. Every couple sees a "
        "counsellor before treatment and gets an itemised estimate per cycle.",
    ),
    DemoClinic(
        "jacaranda-hills-hospital-bengaluru",
        "Jacaranda Hills Hospital",
        H,
        "bengaluru",
        "ITPL Main Road\nWhitefield",
        "560066",
        "+91 80 0100 0655",
        ("NABH", "NABL"),
        ("orthopaedics", "cardiology", "dermatology"),
        ("knee-replacement", "angioplasty", "stem-cell-therapy", "phototherapy-for-psoriasis"),
        "A 180-bed hospital in east Bengaluru with joint replacement, cardiology and a "
        "dermatology day-care unit.",
    ),
    DemoClinic(
        "palmyra-coast-hospital-chennai",
        "Palmyra Coast Hospital",
        H,
        "chennai",
        "118 East Coast Road\nThiruvanmiyur",
        "600041",
        "+91 44 0100 0761",
        ("JCI", "NABH"),
        ("cardiology", "orthopaedics", "gynaecology", "general-medicine"),
        ("knee-replacement", "angioplasty", "coronary-bypass-surgery", "ivf"),
        "A multispeciality hospital on the East Coast Road known for cardiac surgery, with "
        "an international patients' desk that arranges interpreters.",
    ),
    DemoClinic(
        "sitaphal-heights-hospital-hyderabad",
        "Sitaphal Heights Hospital",
        H,
        "hyderabad",
        "Road No. 10\nBanjara Hills",
        "500034",
        "+91 40 0100 0839",
        ("NABH",),
        ("cardiology", "dermatology", "orthopaedics"),
        ("angioplasty", "knee-replacement", "hair-transplant"),
        "A mid-sized hospital with a cardiac catheter lab, an orthopaedic ward and a "
        "dermatology and hair clinic.",
    ),
    DemoClinic(
        "kiraz-harbour-clinic-istanbul",
        "Kiraz Harbour Clinic",
        C,
        "istanbul",
        "Bağdat Caddesi No. 212\nKadıköy",
        "34728",
        "+90 216 000 0912",
        ("ISO9001",),
        ("dermatology",),
        ("hair-transplant",),
        "A hair restoration clinic on the Asian side of Istanbul. Packages for visitors "
        "include hotel nights and airport transfers; check who performs the surgery.",
    ),
    DemoClinic(
        "lale-park-hospital-istanbul",
        "Lale Park Hospital",
        H,
        "istanbul",
        "Büyükdere Caddesi No. 77\nŞişli",
        "34394",
        "+90 212 000 0977",
        ("JCI",),
        ("orthopaedics", "cardiology", "gynaecology"),
        ("knee-replacement", "angioplasty", "ivf", "stem-cell-therapy"),
        "A general hospital with an international patients' department and English-, "
        "Arabic- and Russian-speaking coordinators.",
    ),
    DemoClinic(
        "chaba-riverside-hospital-bangkok",
        "Chaba Riverside Hospital",
        H,
        "bangkok",
        "88 Charoen Krung Road\nBang Rak",
        "10500",
        "+66 2 000 0188",
        ("JCI",),
        ("orthopaedics", "cardiology", "gynaecology", "dermatology"),
        (
            "knee-replacement",
            "angioplasty",
            "coronary-bypass-surgery",
            "ivf",
            "stem-cell-therapy",
            "hair-transplant",
        ),
        "A private hospital by the river with package prices for overseas patients. "
        "Packages usually exclude flights and the stay after discharge.",
    ),
    DemoClinic(
        "saffron-dunes-medical-centre-dubai",
        "Saffron Dunes Medical Centre",
        C,
        "dubai",
        "Building 5, Al Wasl Road\nJumeirah 1",
        "",
        "+971 4 000 0251",
        ("DHA", "JCI"),
        ("gynaecology", "dermatology"),
        ("ivf", "hair-transplant", "phototherapy-for-psoriasis", "stem-cell-therapy"),
        "An outpatient centre for fertility and dermatology, licensed by the Dubai Health "
        "Authority.",
    ),
    DemoClinic(
        "wrenfield-clinic-london",
        "Wrenfield Clinic",
        C,
        "london",
        "41 Wrenfield Mews\nMarylebone",
        "W1G 8QP",
        "+44 20 7946 0321",
        ("CQC",),
        ("orthopaedics", "dermatology", "gynaecology"),
        ("knee-replacement", "hair-transplant", "phototherapy-for-psoriasis", "ivf"),
        "A private clinic with day-surgery theatres. Knee replacements are done at a "
        "partner hospital; the quoted package covers both.",
    ),
]


@dataclass(frozen=True)
class DemoDirectoryDoctor:
    email: str
    full_name: str
    slug: str
    specialty: str
    qualifications: str
    registration_number: str
    years_of_experience: int
    city: str


# Verified doctors who exist only to fill the directory: they have no password to log in.
DIRECTORY_DOCTORS = [
    DemoDirectoryDoctor(
        "neha.kulkarni@directory.demo.example",
        "Neha Kulkarni",
        "neha-kulkarni-dermatology",
        "dermatology",
        "MBBS, MD (Dermatology, Venereology and Leprosy)",
        "DMC 2013/05/4471",
        10,
        "delhi",
    ),
    DemoDirectoryDoctor(
        "sanjay.deshpande@directory.demo.example",
        "Sanjay Deshpande",
        "sanjay-deshpande-orthopaedics",
        "orthopaedics",
        "MBBS, MS (Orthopaedics), Fellowship in Arthroplasty",
        "MMC 2005/08/1930",
        19,
        "mumbai",
    ),
    DemoDirectoryDoctor(
        "arjun.shetty@directory.demo.example",
        "Arjun Shetty",
        "arjun-shetty-orthopaedics",
        "orthopaedics",
        "MBBS, MS (Orthopaedics)",
        "KMC 2011/06/6612",
        12,
        "bengaluru",
    ),
    DemoDirectoryDoctor(
        "kavita.menon@directory.demo.example",
        "Kavita Menon",
        "kavita-menon-gynaecology",
        "gynaecology",
        "MBBS, MS (Obstetrics and Gynaecology), Fellowship in Reproductive Medicine",
        "KMC 2008/09/2207",
        16,
        "bengaluru",
    ),
    DemoDirectoryDoctor(
        "imran.qureshi@directory.demo.example",
        "Imran Qureshi",
        "imran-qureshi-cardiology",
        "cardiology",
        "MBBS, MD (General Medicine), DM (Cardiology)",
        "TSMC 2009/03/3345",
        15,
        "hyderabad",
    ),
    DemoDirectoryDoctor(
        "priya.nair@directory.demo.example",
        "Priya Nair",
        "priya-nair-dermatology",
        "dermatology",
        "MBBS, DNB (Dermatology)",
        "TSMC 2015/01/8821",
        9,
        "hyderabad",
    ),
    DemoDirectoryDoctor(
        "meenakshi.sundaram@directory.demo.example",
        "Meenakshi Sundaram",
        "meenakshi-sundaram-dermatology",
        "dermatology",
        "MBBS, MD (Dermatology)",
        "TNMC 2012/04/5590",
        12,
        "chennai",
    ),
    DemoDirectoryDoctor(
        "ritu.malhotra@directory.demo.example",
        "Ritu Malhotra",
        "ritu-malhotra-orthopaedics",
        "orthopaedics",
        "MBBS, MS (Orthopaedics), MCh (Orthopaedics)",
        "DMC 2007/02/2874",
        17,
        "delhi",
    ),
]

# seed_demo's doctors (by login email): their city, and the clinics they practise at.
DOCTOR_PLACES = {
    "doctor@demo.example": ("mumbai", ["tamarind-skin-hair-clinic-mumbai"]),
    "cardio@demo.example": ("delhi", ["banyan-court-hospital-delhi"]),
    "psych@demo.example": ("bengaluru", ["jacaranda-hills-hospital-bengaluru"]),
    "gp@demo.example": ("chennai", ["palmyra-coast-hospital-chennai"]),
    "neha.kulkarni@directory.demo.example": ("delhi", ["indigo-hair-skin-studio-delhi"]),
    "sanjay.deshpande@directory.demo.example": ("mumbai", ["kestrel-bay-hospital-mumbai"]),
    "arjun.shetty@directory.demo.example": ("bengaluru", ["jacaranda-hills-hospital-bengaluru"]),
    "kavita.menon@directory.demo.example": ("bengaluru", ["neem-grove-fertility-centre-bengaluru"]),
    "imran.qureshi@directory.demo.example": (
        "hyderabad",
        ["sitaphal-heights-hospital-hyderabad"],
    ),
    "priya.nair@directory.demo.example": ("hyderabad", ["sitaphal-heights-hospital-hyderabad"]),
    "meenakshi.sundaram@directory.demo.example": ("chennai", ["palmyra-coast-hospital-chennai"]),
    "ritu.malhotra@directory.demo.example": ("delhi", ["banyan-court-hospital-delhi"]),
}
# Asha Rao also sees patients at Kestrel Bay on Saturdays.
EXTRA_AFFILIATIONS = {"doctor@demo.example": ["kestrel-bay-hospital-mumbai"]}

INCLUDES = {
    "stem-cell-therapy": "One cycle: cell collection, processing and injection; "
    "excludes scans and follow-up visits",
    "knee-replacement": "One knee: surgery, implant, 4–5 nights and first physiotherapy",
    "ivf": "One cycle: monitoring, egg collection, embryo transfer; medicines extra",
    "hair-transplant": "FUE, about 2,500 grafts, local anaesthetic, one session",
    "phototherapy-for-psoriasis": "Course of 24 narrowband UVB sessions",
    "angioplasty": "One drug-eluting stent, 2–3 nights",
    "coronary-bypass-surgery": "CABG, 7–8 nights including intensive care",
}

QUOTE, SURVEY, REFERENCE = (
    CostEntry.SourceKind.CLINIC_QUOTE,
    CostEntry.SourceKind.EDITOR_SURVEY,
    CostEntry.SourceKind.PUBLISHED_REFERENCE,
)
INDIA_REVIEW = ("Indian Medical Travel Cost Review 2026", "https://medtravel-cost-review.example")
ABROAD_REVIEW = ("Global Treatment Price Index 2026", "https://treatment-price-index.example")
UK_REVIEW = ("UK Private Care Price Guide 2026", "https://uk-private-care-prices.example")

# Per treatment: (place, low, high, currency ("" = the country's), source kind, last
# checked, survey scope or reference key). A place is "clinic:<key>", "city:<slug>" or
# "country:<slug>".
COSTS = {
    "stem-cell-therapy": [
        ("clinic:kestrel", 320000, 550000, "", QUOTE, "2026-10-08", ""),
        ("clinic:tamarind", 240000, 400000, "", QUOTE, "2026-10-06", ""),
        ("clinic:marigold", 180000, 450000, "", QUOTE, "2026-09-22", ""),
        ("city:mumbai", 180000, 600000, "", SURVEY, "2026-10-15", "6 Mumbai centres"),
        ("clinic:banyan", 280000, 520000, "", QUOTE, "2026-09-30", ""),
        ("city:delhi", 150000, 500000, "", SURVEY, "2026-10-12", "5 Delhi centres"),
        ("clinic:jacaranda", 220000, 420000, "", QUOTE, "2026-10-02", ""),
        ("country:india", 150000, 600000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:lale", 6500, 14000, "USD", QUOTE, "2026-09-10", ""),
        ("country:turkey", 6000, 15000, "USD", REFERENCE, "2026-08-02", "abroad"),
        ("clinic:chaba", 9000, 22000, "USD", QUOTE, "2026-09-18", ""),
        ("city:bangkok", 8000, 25000, "USD", SURVEY, "2026-10-01", "4 Bangkok hospitals"),
        ("clinic:saffron", 38000, 85000, "", QUOTE, "2026-09-25", ""),
    ],
    "knee-replacement": [
        ("clinic:kestrel", 260000, 380000, "", QUOTE, "2026-10-08", ""),
        ("city:mumbai", 200000, 380000, "", SURVEY, "2026-10-15", "8 Mumbai hospitals"),
        ("clinic:banyan", 240000, 350000, "", QUOTE, "2026-09-30", ""),
        ("city:delhi", 180000, 340000, "", SURVEY, "2026-10-12", "7 Delhi hospitals"),
        ("clinic:jacaranda", 210000, 310000, "", QUOTE, "2026-10-02", ""),
        ("clinic:palmyra", 190000, 290000, "", QUOTE, "2026-09-12", ""),
        ("city:chennai", 160000, 290000, "", SURVEY, "2026-10-05", "5 Chennai hospitals"),
        ("clinic:sitaphal", 185000, 280000, "", QUOTE, "2026-09-16", ""),
        ("country:india", 160000, 380000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:lale", 6800, 9500, "USD", QUOTE, "2026-09-10", ""),
        ("clinic:chaba", 11500, 16000, "USD", QUOTE, "2026-09-18", ""),
        ("city:dubai", 38000, 60000, "", SURVEY, "2026-10-03", "4 Dubai hospitals"),
        ("clinic:wrenfield", 12500, 15800, "", QUOTE, "2026-10-20", ""),
        ("country:united-kingdom", 11000, 16000, "", REFERENCE, "2026-08-28", "uk"),
    ],
    "ivf": [
        ("clinic:kestrel", 140000, 220000, "", QUOTE, "2026-10-08", ""),
        ("city:mumbai", 120000, 250000, "", SURVEY, "2026-10-15", "7 Mumbai fertility clinics"),
        ("clinic:banyan", 130000, 210000, "", QUOTE, "2026-09-30", ""),
        ("clinic:neem", 110000, 190000, "", QUOTE, "2026-10-10", ""),
        ("city:bengaluru", 100000, 200000, "", SURVEY, "2026-10-11", "6 Bengaluru IVF clinics"),
        ("clinic:palmyra", 105000, 180000, "", QUOTE, "2026-09-12", ""),
        ("country:india", 100000, 250000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:lale", 3200, 4800, "USD", QUOTE, "2026-09-10", ""),
        ("clinic:chaba", 6500, 9000, "USD", QUOTE, "2026-09-18", ""),
        ("clinic:saffron", 22000, 32000, "", QUOTE, "2026-09-25", ""),
        ("clinic:wrenfield", 5200, 8000, "", QUOTE, "2026-10-20", ""),
    ],
    "hair-transplant": [
        ("clinic:tamarind", 90000, 175000, "", QUOTE, "2026-10-06", ""),
        ("city:mumbai", 75000, 200000, "", SURVEY, "2026-10-15", "6 Mumbai clinics"),
        ("clinic:indigo", 65000, 140000, "", QUOTE, "2026-10-09", ""),
        ("city:delhi", 50000, 160000, "", SURVEY, "2026-10-12", "8 Delhi clinics"),
        ("clinic:sitaphal", 70000, 150000, "", QUOTE, "2026-09-16", ""),
        ("country:india", 50000, 200000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:kiraz", 2000, 3800, "USD", QUOTE, "2026-10-14", ""),
        ("city:istanbul", 1800, 4500, "USD", SURVEY, "2026-10-16", "9 Istanbul clinics"),
        ("clinic:chaba", 4500, 8000, "USD", QUOTE, "2026-09-18", ""),
        ("clinic:saffron", 12000, 24000, "", QUOTE, "2026-09-25", ""),
        ("clinic:wrenfield", 5500, 9500, "", QUOTE, "2026-10-20", ""),
    ],
    "phototherapy-for-psoriasis": [
        ("clinic:tamarind", 14000, 30000, "", QUOTE, "2026-10-06", ""),
        ("city:mumbai", 12000, 36000, "", SURVEY, "2026-10-15", "5 Mumbai skin clinics"),
        ("clinic:indigo", 12000, 26000, "", QUOTE, "2026-10-09", ""),
        ("clinic:jacaranda", 13000, 28000, "", QUOTE, "2026-10-02", ""),
        ("country:india", 12000, 36000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:saffron", 4500, 8500, "", QUOTE, "2026-09-25", ""),
        ("clinic:wrenfield", 1400, 2600, "", QUOTE, "2026-10-20", ""),
    ],
    "angioplasty": [
        ("clinic:kestrel", 220000, 360000, "", QUOTE, "2026-10-08", ""),
        ("city:mumbai", 180000, 380000, "", SURVEY, "2026-10-15", "7 Mumbai hospitals"),
        ("clinic:banyan", 200000, 340000, "", QUOTE, "2026-09-30", ""),
        ("clinic:jacaranda", 180000, 300000, "", QUOTE, "2026-10-02", ""),
        ("clinic:palmyra", 170000, 290000, "", QUOTE, "2026-09-12", ""),
        ("clinic:sitaphal", 170000, 280000, "", QUOTE, "2026-09-16", ""),
        ("country:india", 150000, 380000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:lale", 5500, 8500, "USD", QUOTE, "2026-09-10", ""),
        ("clinic:chaba", 9500, 14500, "USD", QUOTE, "2026-09-18", ""),
        ("city:dubai", 35000, 60000, "", SURVEY, "2026-10-03", "4 Dubai hospitals"),
        ("country:united-kingdom", 9000, 14000, "", REFERENCE, "2026-08-28", "uk"),
    ],
    "coronary-bypass-surgery": [
        ("clinic:kestrel", 350000, 550000, "", QUOTE, "2026-10-08", ""),
        ("clinic:banyan", 320000, 520000, "", QUOTE, "2026-09-30", ""),
        ("clinic:palmyra", 290000, 460000, "", QUOTE, "2026-09-12", ""),
        ("country:india", 280000, 550000, "", REFERENCE, "2026-07-30", "india"),
        ("clinic:chaba", 18000, 28000, "USD", QUOTE, "2026-09-18", ""),
        ("country:united-kingdom", 20000, 30000, "", REFERENCE, "2026-08-28", "uk"),
    ],
}

CLINIC_KEYS = {
    "kestrel": "kestrel-bay-hospital-mumbai",
    "tamarind": "tamarind-skin-hair-clinic-mumbai",
    "marigold": "marigold-regenerative-centre-mumbai",
    "banyan": "banyan-court-hospital-delhi",
    "indigo": "indigo-hair-skin-studio-delhi",
    "neem": "neem-grove-fertility-centre-bengaluru",
    "jacaranda": "jacaranda-hills-hospital-bengaluru",
    "palmyra": "palmyra-coast-hospital-chennai",
    "sitaphal": "sitaphal-heights-hospital-hyderabad",
    "kiraz": "kiraz-harbour-clinic-istanbul",
    "lale": "lale-park-hospital-istanbul",
    "chaba": "chaba-riverside-hospital-bangkok",
    "saffron": "saffron-dunes-medical-centre-dubai",
    "wrenfield": "wrenfield-clinic-london",
}

REVIEWS = {"india": INDIA_REVIEW, "abroad": ABROAD_REVIEW, "uk": UK_REVIEW}


def _source(kind: str, extra: str, treatment_slug: str, place_name: str) -> tuple[str, str]:
    if kind == QUOTE:
        return f"Written quote from {place_name}", ""
    if kind == SURVEY:
        return f"Health Portal editors' phone survey of {extra}", ""
    title, site = REVIEWS[extra]
    return title, f"{site}/2026/{treatment_slug}"


class _Seeder:
    def __init__(self, stdout):
        self.stdout = stdout
        self.created = {"places": 0, "treatments": 0, "clinics": 0, "doctors": 0, "costs": 0}

    def run(self) -> None:
        countries = self._countries()
        cities = self._cities(countries)
        specialties = self._specialties()
        treatments = self._treatments(specialties)
        clinics = self._clinics(cities, specialties, treatments)
        self._doctors(cities, specialties, clinics)
        self._costs(treatments, clinics, cities, countries)

    def _countries(self) -> dict[str, Country]:
        result = {}
        for slug, name, iso, currency in COUNTRIES:
            country, created = Country.objects.get_or_create(
                iso_code=iso, defaults={"slug": slug, "name": name, "currency": currency}
            )
            self.created["places"] += created
            result[slug] = country
        return result

    def _cities(self, countries: dict[str, Country]) -> dict[str, City]:
        result = {}
        for slug, name, country_slug in CITIES:
            city = City.objects.filter(slug=slug).first()
            if city is None:
                city = City.objects.create(slug=slug, name=name, country=countries[country_slug])
                self.created["places"] += 1
            result[slug] = city
        return result

    def _specialties(self) -> dict[str, Specialty]:
        result = {s.slug: s for s in Specialty.objects.all()}
        for slug, name in SPECIALTY_NAMES.items():
            if slug not in result:
                result[slug], _ = Specialty.objects.get_or_create(
                    name=name, defaults={"slug": slug}
                )
        return result

    def _treatments(self, specialties: dict[str, Specialty]) -> dict[str, Treatment]:
        result = {}
        for slug, name, specialty_slugs, description in TREATMENTS:
            treatment = Treatment.objects.filter(slug=slug).first()
            if treatment is None:
                treatment = Treatment.objects.create(slug=slug, name=name, description=description)
                treatment.specialties.set([specialties[s] for s in specialty_slugs])
                self.created["treatments"] += 1
            result[slug] = treatment
        return result

    def _clinics(self, cities, specialties, treatments) -> dict[str, Clinic]:
        result = {c.slug: c for c in Clinic.objects.filter(slug__in=[d.slug for d in CLINICS])}
        for demo in CLINICS:
            if demo.slug in result:
                continue
            result[demo.slug] = clinic_create(
                slug=demo.slug,
                name=demo.name,
                kind=demo.kind,
                city=cities[demo.city],
                address=demo.address,
                postcode=demo.postcode,
                phone=demo.phone,
                website=f"https://{demo.slug.rsplit('-', 1)[0]}.example",
                accreditations=list(demo.accreditations),
                description=demo.description,
                is_sponsored=demo.is_sponsored,
                specialties=[specialties[s] for s in demo.specialties if s in specialties],
                treatments=[treatments[t] for t in demo.treatments],
            )
            self.created["clinics"] += 1
        return result

    def _doctors(self, cities, specialties, clinics) -> None:
        User = get_user_model()  # noqa: N806
        verified_at = timezone.now() - timedelta(days=60)
        for demo in DIRECTORY_DOCTORS:
            if DoctorProfile.objects.filter(slug=demo.slug).exists():
                continue
            user = User.objects.filter(email=demo.email).first()
            if user is None:
                user = User.objects.create_user(email=demo.email, password=None)
            profile = demo_doctor_create(user=user, demo=demo, verified_at=verified_at)
            profile.specialties.set([specialties[demo.specialty]])
            self.created["doctors"] += 1

        profiles = DoctorProfile.objects.filter(user__email__in=DOCTOR_PLACES).select_related(
            "user"
        )
        for profile in profiles:
            city_slug, clinic_slugs = DOCTOR_PLACES[profile.user.email]
            if profile.city_id is None:
                profile.city = cities[city_slug]
                profile.save(update_fields=["city"])
            for slug in clinic_slugs + EXTRA_AFFILIATIONS.get(profile.user.email, []):
                clinics[slug].doctors.add(profile)

    def _costs(self, treatments, clinics, cities, countries) -> None:
        for treatment_slug, rows in COSTS.items():
            for place_key, low, high, currency, kind, checked, extra in rows:
                place_kind, key = place_key.split(":")
                place = {
                    "clinic": clinics[CLINIC_KEYS[key]] if place_kind == "clinic" else None,
                    "city": cities[key] if place_kind == "city" else None,
                    "country": countries[key] if place_kind == "country" else None,
                }
                place_name = place[place_kind].name
                source_name, source_url = _source(kind, extra, treatment_slug, place_name)
                entry = cost_entry_unsaved(
                    treatment=treatments[treatment_slug],
                    low_price=Decimal(low),
                    high_price=Decimal(high),
                    currency=currency,
                    includes=INCLUDES[treatment_slug],
                    source_kind=kind,
                    source_name=source_name,
                    source_url=source_url,
                    checked_on=date.fromisoformat(checked),
                    **place,
                )
                if not cost_entry_same_exists(entry):
                    entry.save()
                    self.created["costs"] += 1


def seed_directory(stdout) -> None:
    """Create the demo directory (idempotent) and write one summary line to ``stdout``."""
    seeder = _Seeder(stdout)
    with transaction.atomic():
        seeder.run()
    summary = ", ".join(f"{n} {what}" for what, n in seeder.created.items())
    stdout.write(f"Demo directory loaded ({summary} created).")
