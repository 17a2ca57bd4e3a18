"""Synthetic but valid demo data, and fast request generation for benchmarks (no Qt).

:func:`ensure_demo_data` fills an empty data dir with one officer ("Petugas Demo"),
a week of visits in real Kukar villages, about 150 requests and blank-card receipts,
all through :class:`app.store.Store` methods so the outbox holds what real work
would put there. :func:`generate_requests` makes many valid ``RequestInput`` objects
quickly. Both are deterministic for a given seed and ``today``.

Every person is made up: NIKs are built with :func:`app.domain.nik.make_nik` from a
real kecamatan code (mostly Kukar's, some from the regions Kukar's Bugis, Banjar and
Javanese residents came from), the person's birth date and sex, and a random serial.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from app.domain.kk import make_kk
from app.domain.nik import make_nik
from app.domain.record import RequestInput
from app.domain.regions import Region, regions
from app.domain.services import ADULT_AGE, age_on


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


DEMO_SEED = 64_02_06
DEMO_PASSWORD = "demo12345"
DEMO_OFFICER = {
    "name": "Petugas Demo",
    "nip": "198704152010011002",  # born 1987-04-15, civil servant since 2010-01, male, 002
    "team": "Tim Jemput Bola 1",
    "kecamatan_code": "64.02.06",  # Tenggarong
}
DEMO_TEAM_MEMBERS = ("Rina Wulandari", "Ahmad Syahrani")
DEMO_REQUESTS = 150
STOCK_RECEIPTS = (
    (6, 40, "Penerimaan blanko KTP-el dari Disdukcapil"),
    (2, 20, "Tambahan blanko KTP-el dari Disdukcapil"),
)

# Where Kukar residents were first registered when not in Kukar (real kecamatan codes).
ORIGINS: dict[str, tuple[str, ...]] = {
    "kutai": ("64.72.01", "64.72.02", "64.72.03"),  # Samarinda
    "banjar": ("63.71.01", "63.71.02", "63.71.03", "63.02.01", "63.02.02"),  # Banjarmasin, Kotabaru
    "bugis": ("73.08.01", "73.08.02", "73.08.03", "73.13.01", "73.13.02", "73.13.03", "73.71.01"),
    "jawa": ("35.07.01", "35.07.02", "33.01.01", "33.01.02"),  # Malang, Cilacap
}
ETHNIC_WEIGHTS = (("kutai", 35), ("banjar", 25), ("bugis", 22), ("jawa", 18))

MALE = {
    "kutai": _names(
        "Aji Awang Muhammad Ahmad Syahrani Hamdani Rusdi Jumadi Abdul Syamsuddin Fahrul Irwan "
        "Rahmat Darmawan Khairil"
    ),
    "banjar": _names(
        "Akhmad Gusti Norhadi Anang Muhammad Abdul Rahmadi Fauzi Saiful Mahmud Husin Arsyad "
        "Jailani Riduan Syarifuddin"
    ),
    "bugis": _names(
        "Andi Baharuddin Hasanuddin Muhammad Ilham Syamsul Arifin Zainal Asri Mappa Haris Yusuf "
        "Taufik Rustam Amiruddin"
    ),
    "jawa": _names(
        "Agus Budi Joko Slamet Sugeng Wahyu Eko Bambang Dedi Supriadi Heru Sutrisno Adi Teguh Rudi"
    ),
}
FEMALE = {
    "kutai": _names(
        "Dayang Siti Nurhayati Rahmawati Jamilah Aisyah Hasnah Mariani Fitri Kartini Rusmini Nur"
    ),
    "banjar": _names(
        "Norhayati Siti Fatimah Halimah Masitah Rabiatul Jumiati Nurul Khadijah Salmah Mahrita "
        "Aulia"
    ),
    "bugis": _names(
        "Andi Hasnawati Nurhaedah Asmawati Sitti Rahmatia Nurlina Haslinda Suriani Hadijah Jumriah "
        "Wahida"
    ),
    "jawa": _names(
        "Sri Dewi Wulandari Suryani Sumarni Wahyuni Hartini Ratna Endang Tri Puji Yuliana"
    ),
}
FAMILY = {
    "kutai": _names(
        "Kartanegara Effendi Syahrani Hamdani Rusdi Noor Ardiansyah Kurniawan Hidayat Ramadhan"
    ),
    "banjar": _names("Noor Rahman Arsyad Anshari Hamdi Saufi Rifani Hidayat Jamaluddin Fahmi"),
    "bugis": _names(
        "Daeng Lamba Mappaseng Pawellangi Tenriawaru Sompa Amir Latief Patongai Rasyid"
    ),
    "jawa": _names(
        "Santoso Wibowo Prasetyo Susanto Setiawan Saputra Nugroho Purnomo Hartono Wijaya"
    ),
}
CHILD_MALE = _names("Rizky Alif Arkan Zidan Naufal Fathan Rafa Raihan Farel Dimas Bagas Azka")
CHILD_FEMALE = _names(
    "Aqila Keisha Nayla Alya Zahira Salsabila Nabila Zahra Aisyah Kirana Putri Anindya"
)
STREETS = (
    "Jl. Pesut", "Jl. Danau Aji", "Jl. Mangkurawang", "Jl. Gunung Belah", "Jl. Loa Ipuh",
    "Jl. Ahmad Yani", "Jl. Cut Nyak Dien", "Jl. Ki Hajar Dewantara", "Jl. Poros Desa",
    "Jl. Sultan Sulaiman", "Gg. Mawar", "Gg. Keluarga",
)  # fmt: skip
SITES = ("balai_desa", "balai_desa", "sekolah", "lainnya", "rumah")
SITE_NOTES = {
    "balai_desa": "Kantor desa",
    "sekolah": "SD Negeri 001",
    "lainnya": "Posyandu",
    "rumah": "Layanan rumah lansia",
}
# Kecamatan of the demo visits, newest last: the demo officer's own (Tenggarong), since
# an officer records visits only in their assigned kecamatan.
VISIT_KECAMATAN = ("64.02.06",) * 5
MISMATCH_REASON = "Tanggal lahir di register sudah dikoreksi sesuai akta kelahiran"


@dataclass
class DemoCreated:
    officer_name: str
    officer_nip: str
    password: str
    data_dir: Path
    visits: int = 0
    requests: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    nik: str
    kk: str
    birth_date: date
    sex: str
    marital_status: str
    has_ektp: bool
    address: str
    rt: str
    phone: str


class PeopleFactory:
    """Made-up households: a KK, its members with NIKs consistent with region, birth date
    and sex. NIKs are unique within one factory."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self._used: set[str] = set()
        self._ethnic = [e for e, _ in ETHNIC_WEIGHTS]
        self._weights = [w for _, w in ETHNIC_WEIGHTS]
        self._kukar = [k.code for k in regions().kukar_kecamatan()]

    def _serial_nik(self, region: str, born: date, sex: str) -> str:
        for _ in range(50):
            nik = make_nik(region, born, sex, self.rng.randint(1, 2500))
            if nik not in self._used:
                self._used.add(nik)
                return nik
        for serial in range(2501, 10000):  # crowded day: take the first free serial
            nik = make_nik(region, born, sex, serial)
            if nik not in self._used:
                self._used.add(nik)
                return nik
        raise RuntimeError("no free NIK serial")  # 9,999 people of one day, sex and region

    def _birth(self, age_min: int, age_max: int, on: date) -> date:
        return on - timedelta(days=self.rng.randint(age_min * 365 + 1, age_max * 365 + 300))

    def _origin(self, ethnic: str, home: str) -> str:
        roll = self.rng.random()
        if roll < 0.68:
            return home
        if roll < 0.82:
            return self.rng.choice(self._kukar[:18])  # the 2 newest kecamatan are from 2025
        return self.rng.choice(ORIGINS[ethnic])

    def household(self, kecamatan_code: str, on: date) -> list[Person]:
        rng = self.rng
        ethnic = rng.choices(self._ethnic, self._weights)[0]
        family = rng.choice(FAMILY[ethnic])
        street = f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}"
        rt = f"{rng.randint(1, 30):03d}"
        head_born = self._birth(24, 80, on)
        issued = on - timedelta(days=rng.randint(30, min(15 * 365, (on - date(2000, 1, 1)).days)))
        kk = make_kk(kecamatan_code, issued, rng.randint(1, 9999))
        members: list[tuple[str, date, str, str]] = []  # given name, birth, sex, marital
        widowed = head_born.year < on.year - 62 and rng.random() < 0.3
        members.append(
            (rng.choice(MALE[ethnic]), head_born, "L", "cerai_mati" if widowed else "kawin")
        )
        if not widowed:
            spouse_born = head_born + timedelta(days=rng.randint(-3 * 365, 8 * 365))
            spouse_born = min(spouse_born, on - timedelta(days=19 * 365))
            members.append((rng.choice(FEMALE[ethnic]), spouse_born, "P", "kawin"))
        youngest_mother_age = age_on(members[-1][1], on) - 18
        for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4))):
            if youngest_mother_age < 1:
                break
            born = on - timedelta(days=rng.randint(20, min(youngest_mother_age, 24) * 365))
            sex = rng.choice("LP")
            pool = CHILD_MALE if sex == "L" else CHILD_FEMALE
            marital = "kawin" if age_on(born, on) >= 21 and rng.random() < 0.3 else "belum_kawin"
            members.append((rng.choice(pool), born, sex, marital))
        people = []
        for i, (given, born, sex, marital) in enumerate(members):
            age = age_on(born, on)
            region = self._origin(ethnic, kecamatan_code) if i < 2 else kecamatan_code
            name = f"{given} {family}" if rng.random() < 0.8 or age < 17 else given
            if given == family or len(name) > 100:
                name = given
            phone = (
                f"08{rng.choice((11, 12, 13, 21, 22, 52, 53, 56))}{rng.randint(10**7, 10**8 - 1)}"
            )
            people.append(
                Person(
                    name=name,
                    nik=self._serial_nik(region, born, sex),
                    kk=kk,
                    birth_date=born,
                    sex=sex,
                    marital_status=marital,
                    has_ektp=age >= ADULT_AGE and rng.random() < (0.3 if age < 20 else 0.75),
                    address=street,
                    rt=rt,
                    phone=phone if age >= ADULT_AGE and rng.random() < 0.6 else "",
                )
            )
        return people


def choose_service(rng: random.Random, person: Person, on: date) -> tuple[str, bool]:
    """A service the person is eligible for on ``on``, and the ``has_ektp`` to record."""
    age = age_on(person.birth_date, on)
    if age < ADULT_AGE and person.marital_status == "belum_kawin":
        return rng.choices(("kia", "birth_certificate", "kk_change"), (55, 30, 15))[0], False
    if not person.has_ektp:
        options = (("ktp_recording", 70), ("ktp_printing", 20), ("kk_change", 6), ("move_in", 4))
    elif age >= 75:
        options = (
            ("ktp_replacement", 30),
            ("kk_change", 30),
            ("death_certificate", 20),
            ("marital_status_change", 20),
        )
    else:
        options = (
            ("ktp_replacement", 22),
            ("ikd_activation", 22),
            ("kk_change", 20),
            ("move_in", 10),
            ("move_out", 8),
            ("marital_status_change", 8),
            ("ktp_printing", 10),
        )
    service = rng.choices([o for o, _ in options], [w for _, w in options])[0]
    return service, person.has_ektp


def choose_status(rng: random.Random, service: str) -> tuple[str, str | None]:
    roll = rng.random()
    if service == "ktp_recording":
        if roll < 0.5:
            return "done", None
        if roll < 0.8:
            return "pending", "biometric_upload_waiting"
        return "received", None
    if service in ("ktp_printing", "ktp_replacement"):
        if roll < 0.6:
            return "done", None
        if roll < 0.8:
            return "pending", "blank_out_of_stock"
        return "received", None
    if roll < 0.45:
        return "received", None
    if roll < 0.8:
        return "done", None
    if roll < 0.97:
        return "pending", "missing_document"
    return "pending", "other"


OTHER_NOTES = ("Pemohon akan kembali membawa saksi", "Menunggu tanda tangan kepala desa")


def make_request(rng: random.Random, person: Person, desa_code: str, on: date) -> RequestInput:
    service, has_ektp = choose_service(rng, person, on)
    status, reason = choose_status(rng, service)
    notes = rng.choice(OTHER_NOTES) if reason == "other" else ""
    return RequestInput(
        desa_code=desa_code,
        nik=person.nik,
        kk=person.kk,
        name=person.name,
        birth_date=person.birth_date,
        sex=person.sex,
        service=service,
        status=status,
        pending_reason=reason,
        address=person.address,
        rt=person.rt,
        rw="",
        phone=person.phone,
        notes=notes,
        marital_status=person.marital_status,
        has_ektp=has_ektp,
        visit_date=on,
    )


def iter_requests(
    seed: int = DEMO_SEED, today: date | None = None, days: int = 365
) -> Iterator[RequestInput]:
    """An endless stream of valid requests in Kukar desa, visit dates over the ``days``
    before ``today`` (for benchmarks that need more than fits in memory as a list)."""
    today = today or date.today()
    rng = random.Random(seed)
    people = PeopleFactory(rng, today)
    desa = regions().kukar_desa()
    while True:
        place: Region = rng.choice(desa)
        on = today - timedelta(days=rng.randint(0, days - 1))
        household = people.household(place.parent_code or "", on)
        for person in rng.sample(household, k=min(len(household), rng.randint(1, 3))):
            yield make_request(rng, person, place.code, on)


def generate_requests(
    n: int, seed: int = DEMO_SEED, today: date | None = None, days: int = 365
) -> list[RequestInput]:
    """``n`` valid requests in Kukar desa, visit dates over the ``days`` before ``today``.

    NIKs, KKs, names, birth dates, sexes and services agree with each other and with the
    region rules, so every item passes ``validate_request(item, today=today)``.
    """
    return list(itertools.islice(iter_requests(seed, today, days), n))


# --- demo data dir -----------------------------------------------------------------------
def ensure_demo_data(
    data_dir: Path,
    *,
    seed: int = DEMO_SEED,
    today: date | None = None,
    requests: int = DEMO_REQUESTS,
) -> DemoCreated | None:
    """Fill ``data_dir`` with demo data when it holds no officer yet.

    Returns what was created, or None when the data dir already had an officer (nothing
    is touched then).
    """
    from app.paths import database_path
    from app.store import Store

    data_dir = Path(data_dir)
    with Store.open(database_path(data_dir)) as store:
        if store.officers():
            return None
        return fill_demo(store, data_dir, seed=seed, today=today or date.today(), requests=requests)


def fill_demo(store, data_dir: Path, *, seed: int, today: date, requests: int) -> DemoCreated:
    """Write the demo officer, visits, stock and requests through ``store``."""
    from app.store import StockError

    rng = random.Random(seed)
    people = PeopleFactory(rng, today)
    index = regions()
    officer = store.create_officer(password=DEMO_PASSWORD, **DEMO_OFFICER)
    officer_id = officer["id"]
    created = DemoCreated(officer["name"], officer["nip"], DEMO_PASSWORD, data_dir)

    days = [today - timedelta(days=d) for d in (6, 5, 3, 2, 0)]
    per_visit = _split(requests, len(days), rng)
    receipts = {today - timedelta(days=ago): (qty, note) for ago, qty, note in STOCK_RECEIPTS}
    mismatches = 2
    for number, (day, kecamatan, count) in enumerate(
        zip(days, VISIT_KECAMATAN, per_visit, strict=True)
    ):
        for receipt_day, (qty, note) in sorted(receipts.items()):
            if receipt_day <= day:
                store.receive_stock(officer_id, qty, note)
                del receipts[receipt_day]
        place = rng.choice(index.desa_of(kecamatan))
        site = rng.choice(SITES)
        visit = store.start_visit(
            officer_id,
            visit_date=day,
            kecamatan_code=kecamatan,
            desa_code=place.code,
            site=site,
            area_type=index.default_area(place.code),
            site_note=f"{SITE_NOTES[site]} {place.name}",
            latitude=round(-0.42 + rng.uniform(-0.25, 0.25), 5),
            longitude=round(116.99 + rng.uniform(-0.3, 0.3), 5),
            team_members=DEMO_TEAM_MEMBERS,
        )
        created.visits += 1
        saved: list[str] = []
        while len(saved) < count:
            household = people.household(kecamatan, day)
            for person in rng.sample(household, k=min(len(household), rng.randint(1, 3))):
                if len(saved) >= count:
                    break
                data = make_request(rng, person, place.code, day)
                if mismatches and data.service in ("kk_change", "ktp_replacement"):
                    # A register correction: the typed date differs from the NIK's.
                    data.birth_date = person.birth_date + timedelta(days=rng.choice((-2, 1, 3)))
                    data.mismatch_reason = MISMATCH_REASON
                    mismatches -= 1
                try:
                    record = store.save_request(officer_id, visit["uuid"], data, today=today)
                except StockError:  # no blank card left: the real-life answer
                    data.status, data.pending_reason = "pending", "blank_out_of_stock"
                    record = store.save_request(officer_id, visit["uuid"], data, today=today)
                saved.append(record["uuid"])
        if number == 1:
            store.record_spoiled(officer_id, 1, "Blanko rusak saat pencetakan")
        for uuid in rng.sample(saved, k=1 if count > 5 else 0):
            store.cancel_request(officer_id, uuid, "Data ganda, sudah diinput di kunjungan lain")
        created.requests += len(saved)
        if day != today:
            store.end_visit(visit["uuid"], officer_id)
    return created


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` roughly equal positive counts."""
    base = [total // parts] * parts
    for i in rng.sample(range(parts), total % parts):
        base[i] += 1
    return base
