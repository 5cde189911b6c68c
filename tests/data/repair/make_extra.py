#!/usr/bin/env python3
"""Builds cases_extra.jsonl: mangled texts of the kinds the first suite lacked, each with the
text repair must give back. The sentences are written for this suite.

python3 make_extra.py > cases_extra.jsonl

Kinds: windows-1257 (Baltic), CESU-8 (surrogate pairs) read as windows-1252, C1 controls
for windows-1252 punctuation, bytes partly lost in Cyrillic, Thai and Hindi mojibake (the
lost character becomes U+FFFD), no-break spaces written back as spaces ("Â " is a no-break
space, "Ã s" is Portuguese "às", Cyrillic "Ð " is "Р"), windows-1251 "Г " for "à", and a
Greek mu between a number and a unit in text mangled elsewhere too.
"""
import json

UNDEFINED_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def cp1252(data: bytes, lost: str = "c1") -> str:
    """windows-1252 as browsers read it; undefined bytes become C1 controls, or are lost."""
    out = []
    for b in data:
        if b in UNDEFINED_1252:
            out.append({"c1": chr(b), "drop": "", "fffd": "\ufffd", "qmark": "?"}[lost])
        else:
            out.append(bytes([b]).decode("cp1252"))
    return "".join(out)


def lost_expectation(text: str) -> str:
    """The text with every character whose UTF-8 has an undefined windows-1252 byte lost."""
    return "".join(
        "\ufffd" if any(b in UNDEFINED_1252 for b in c.encode("utf-8")) else c for c in text
    )


def cesu8(text: str) -> bytes:
    out = bytearray()
    for c in text:
        cp = ord(c)
        if cp < 0x10000:
            out += c.encode("utf-8")
        else:
            v = cp - 0x10000
            for unit in (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)):
                out += bytes([0xE0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3F), 0x80 | (unit & 0x3F)])
    return bytes(out)


cases = []


def case(category, codec, lang, mangled, expected):
    assert mangled != expected, (mangled, expected)
    cases.append({"category": category, "codec": codec, "lang": lang,
                  "input": mangled, "expected": expected})


BALTIC = [
    ("lt", "Elektros tiekimas sutriko Kaune; gedimą įveikė per dvi valandas."),
    ("lt", "Mobiliojo tinklo klientai ketvirtadienį negalėjo skambinti į užsienį."),
    ("lv", "Tīkls nedarbojas visu rītu, klienti ziņo par kļūdu."),
    ("lv", "Elektrības padeve tika atjaunota pēc divu stundu."),
    ("et", "Mobiilside katkestus mõjutas öösel tuhandeid kliente üle Eesti."),
    ("fr", "La panne a débuté à Paris : les abonnés étaient déjà très énervés."),
    ("de", "Die Störung betraf Kunden in Köln und Düsseldorf für über zwei Stunden."),
]
for lang, text in BALTIC:
    # Letters with a byte windows-1257 does not define (š, ā, Č, Ę, á, å) are left out.
    try:
        mangled = text.encode("utf-8").decode("cp1257")
    except UnicodeDecodeError:
        raise SystemExit(f"undefined byte in {text}")
    case("once", "windows-1257", lang, mangled, text)

EMOJI = [
    ("en", "Service restored 😀 after two hours of downtime 🎉"),
    ("en", "Users reacted with 😡 and 👎 on social media."),
    ("fr", "Le service est revenu 👍, merci pour votre patience 🙏"),
    ("it", "Disservizio risolto 🎉 dopo tre ore 😅"),
]
for lang, text in EMOJI:
    mangled = cp1252(cesu8(text))
    case("cesu-8", "windows-1252", lang, mangled, text)
    if "\xa0" in mangled:
        case("cesu-8", "windows-1252", lang, mangled.replace("\xa0", " "), text)

C1 = [
    ("en", "Wait\x85 the service is back", "Wait… the service is back"),
    ("en", "Engineers are investigating\x85", "Engineers are investigating…"),
    ("fr", "Et puis\x85 plus rien pendant deux heures.", "Et puis… plus rien pendant deux heures."),
    ("en", "It\x92s down again\x85 really.", "It’s down again… really."),
]
for lang, mangled, expected in C1:
    case("c1 controls", "latin-1", lang, mangled, expected)

LOSSY = [
    ("ru", "Сервис был недоступен в Москве и Санкт-Петербурге почти три часа."),
    ("ru", "Пользователи сообщают о сбоях в работе мобильного приложения банка."),
    ("uk", "Сервіс не працював у Києві та Львові майже дві години."),
    ("th", "ระบบธนาคารออนไลน์ล่มเป็นเวลาสามชั่วโมง"),
    ("th", "ผู้ใช้งานไม่สามารถเข้าสู่ระบบได้ในช่วงเช้า"),
    ("th", "การเชื่อมต่อขัดข้องทั่วกรุงเทพฯ ภายในสองชั่วโมง"),
    ("hi", "बैंक की ऑनलाइन सेवा तीन घंटे तक बंद रही।"),
    ("hi", "एयरलाइन की वेबसाइट पर बुकिंग नहीं हो पा रही थी।"),
]
for lang, text in LOSSY:
    expected = lost_expectation(text)
    for how in ("drop", "fffd", "qmark"):
        mangled = cp1252(text.encode("utf-8"), how)
        if expected == text:
            continue
        case("partial loss", "windows-1252", lang, mangled, expected)
    # The no-break spaces of the mangling written back as spaces: still recoverable.
    mangled = cp1252(text.encode("utf-8"), "c1").replace("\xa0", " ")
    if mangled != cp1252(text.encode("utf-8"), "c1"):
        case("lost byte", "windows-1252", lang, mangled, text)

NBSP = [
    ("fr", "Prix\xa0: 10\xa0€, «\xa0très cher\xa0» selon les clients."),
    ("fr", "La panne a duré 3\xa0h\xa0: «\xa0inacceptable\xa0», dit l’association."),
    ("pt", "Vou às 10h e àquela hora a rede já estava em baixo."),
    ("pt", "A falha começou às 9h e afetou àqueles clientes do Porto."),
    ("fr", "Cela montre à quel point la panne était grave, et à quelle vitesse elle a gagné."),
    ("fr", "Il a fallu à s’y reprendre deux fois, et à s'inscrire de nouveau."),
    ("pt", "Não se sabe a que horas voltou; àquilo chamam incidente grave."),
]

CP1251 = [
    ("fr", "La panne a touché les abonnés à Paris et à Lyon, déjà très énervés."),
    ("it", "Il servizio è tornato disponibile già alle 18, più tardi del previsto."),
]
# The NBSP (or the byte after "à") became a plain space.
for python_codec, codec, texts in (("cp1252", "windows-1252", NBSP), ("cp1251", "windows-1251", CP1251)):
    for lang, text in texts:
        mangled = text.encode("utf-8").decode(python_codec).replace("\xa0", " ")
        case("lost byte", codec, lang, mangled, text)

# A unit mix alone (`10Î¼s`) is left as written (see traps.jsonl); with other mojibake of
# the same codec in the text it is repaired.
UNITS = [
    ("en", "Latency rose to 10μs per request, then to 250μs at the café."),
    ("en", "The sensor drew 12μA, well under the 40μA limit of the café."),
]
for lang, text in UNITS:
    case("once", "windows-1252", lang, text.encode("utf-8").decode("cp1252"), text)

for c in cases:
    print(json.dumps(c, ensure_ascii=False))
