#!/usr/bin/env python3
"""Makes tests/data/repair/cases.jsonl: mangled text -> the text it should repair to.

Every case is produced by really mangling a correct source text the way programs do it
(UTF-8 bytes decoded with a single-byte codec, once or several times; no-break spaces
flattened; bytes lost; windows-1252 text read as latin-1; HTML entities), so the expected
repair is the source itself (or the source with U+FFFD where a byte is gone for good).

Each line: {"category": ..., "codec": ..., "lang": ..., "input": ..., "expected": ...}

Run from the repository root: python3 tests/data/repair/make_cases.py
The sources are the sentences below plus the Latin-, Cyrillic- and Greek-script texts of
clean.jsonl (the must-not-change suite).
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

SOURCES = [
    ("it", "Il servizio è tornato disponibile alle 17:30, però molti utenti segnalano ancora rallentamenti."),
    ("it", "Perché ChatGPT non funziona? Già ieri sera l'app mostrava «errore di rete» a migliaia di persone."),
    ("it", "La città è rimasta senza connessione: più di 2.300 segnalazioni su Downdetector in un'ora."),
    ("it", "È la terza volta in un mese: l'azienda parla di un «problema di configurazione» già risolto."),
    ("it", "Disservizio per WhatsApp: i messaggi non partono, le spunte restano grigie e le chiamate cadono."),
    ("it", "Così è andata: alle 9:40 i primi errori, poi il blocco totale dei server in Europa e negli Stati Uniti."),
    ("fr", "La panne a débuté vers 15h46 : les utilisateurs ne pouvaient plus se connecter à leur compte."),
    ("fr", "Déjà très énervés, les abonnés ont vu réapparaître l'erreur « 503 Service Unavailable » à 18 h."),
    ("fr", "Le géant américain a présenté ses excuses et évoque une opération de maintenance ratée."),
    ("fr", "Ça recommence : après une première coupure jeudi, le service est de nouveau inaccessible."),
    ("fr", "L'été dernier, une mise à jour défectueuse avait déjà provoqué des écrans bleus à Noël."),
    ("fr", "Œuvre collective, l'encyclopédie reste accessible ; seule la page d'accueil était touchée."),
    ("en", "The outage began at 8:30 a.m. ET and lasted “several hours”, the company said — users saw 502 errors."),
    ("en", "It’s the second time this week: Slack’s status page reports “degraded performance” across regions."),
    ("en", "Engineers rolled back the change at 11:05 p.m.; by then €2.4 million in orders had been lost…"),
    ("en", "Résumé-style naïve café coöperation: the façade of reliability cracked at the CDN layer."),
    ("es", "El servicio está caído desde las 10:15 y los usuarios no pueden iniciar sesión. ¿Qué ocurrió?"),
    ("es", "España y Portugal sufrieron un apagón; la compañía atribuyó el fallo a un error de configuración."),
    ("pt", "O serviço ficou fora do ar em São Paulo e Brasília; a empresa não explicou a razão da falha."),
    ("pt", "Não é a primeira vez: em março, milhões de usuários já tinham ficado sem acesso às mensagens."),
    ("de", "Die Störung begann gegen 14 Uhr; viele Nutzer konnten sich nicht anmelden. Größere Ausfälle gab es in Köln."),
    ("de", "Überlastete Server, fehlerhafte Updates: Straßenbahnen und Bürodienste waren gleichermaßen betroffen."),
    ("pl", "Awaria trwała ponad dwie godziny; użytkownicy zgłaszali błędy logowania w Łodzi i Gdańsku."),
    ("pl", "Zażółć gęślą jaźń: serwis był niedostępny, a wiadomości nie dochodziły do odbiorców."),
    ("cs", "Výpadek služby postihl uživatele v Praze i Brně; příčinou byla chybná aktualizace serverů."),
    ("ro", "Serviciul a fost indisponibil în București; mulți utilizatori nu s-au putut conecta la aplicație."),
    ("hu", "A szolgáltatás órákig elérhetetlen volt; a felhasználók nem tudtak bejelentkezni az őszi leálláskor."),
    ("tr", "Hizmet İstanbul ve Ankara'da saatlerce kesintiye uğradı; kullanıcılar giriş yapamadı."),
    ("sv", "Tjänsten låg nere i två timmar och användare i Göteborg kunde inte logga in på appen."),
    ("da", "Tjenesten var nede i flere timer; brugere i Århus og Ålborg så fejlmeddelelser på siden."),
    ("ru", "Сбой начался около полудня: пользователи не могли отправить сообщения и войти в аккаунт."),
    ("ru", "Компания заявила, что причиной стала ошибка конфигурации, и извинилась перед клиентами."),
    ("uk", "Збій тривав кілька годин; користувачі в Києві та Львові не могли увійти в застосунок."),
    ("el", "Η διακοπή ξεκίνησε το πρωί και οι χρήστες δεν μπορούσαν να συνδεθούν στην εφαρμογή."),
    ("zh", "服务中断了三个小时，用户无法登录或发送消息。"),
    ("ja", "障害は午後三時ごろに発生し、多くのユーザーがログインできなくなった。"),
    ("emoji", "ChatGPT è giù 😭 di nuovo 🙃 — #chatgptdown 🔥🔥"),
    ("emoji", "Server on fire 🔥, team on call 👩‍💻, fix deployed ✅ at 12:30 ⏰"),
    ("symbols", "Prezzo: 19,99 € • temperatura 21 °C ± 2 • 5 × 3 ÷ 2 • ½ ¼ ¾ • © ® ™"),
    ("symbols", "Latency → 450 ms ≥ SLO; uptime ≈ 99,9 % ≠ 100 %; ∑ errors ≤ 1 000"),
]

# Bytes each codec leaves undefined: the sloppy decoders below map them to C1 controls, as
# browsers and latin-1 do.
CODECS = {
    "windows-1252": "cp1252",
    "ISO-8859-15": "iso8859_15",
    "windows-1250": "cp1250",
    "windows-1251": "cp1251",
    "macintosh": "mac_roman",
    "cp437": "cp437",
}


def sloppy_decode(raw, codec):
    out = []
    for b in raw:
        if b < 0x80:
            out.append(chr(b))
            continue
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def mangle(text, codec, times=1):
    for _ in range(times):
        text = sloppy_decode(text.encode("utf-8"), CODECS[codec])
    return text


def load_clean():
    path = os.path.join(HERE, "clean.jsonl")
    if not os.path.exists(path):
        return []
    latin = set("it fr en es de pt pl cs sk hu ro tr hr sl lt lv is da sv nl ca vi".split())
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            if case["lang"] in latin or case["lang"] in ("ru", "uk", "bg", "sr", "el"):
                if "&" not in case["text"] and len(case["text"]) < 600:
                    out.append((case["lang"], case["text"]))
    return out


def main():
    rng = random.Random(20261123)
    cases = []

    def add(category, codec, lang, source, mangled, expected=None):
        if mangled == source:
            return
        cases.append({
            "category": category,
            "codec": codec,
            "lang": lang,
            "input": mangled,
            "expected": source if expected is None else expected,
        })

    clean = load_clean()
    extra = rng.sample(clean, min(len(clean), 60)) if clean else []
    sources = SOURCES + extra
    cyrillic = {"ru", "uk", "bg", "sr"}

    for lang, text in sources:
        # Once, by every codec that mangles this script in practice.
        codecs = ["windows-1252", "macintosh", "cp437", "windows-1250"]
        if lang in cyrillic:
            codecs = ["windows-1252", "windows-1251"]
        elif lang not in ("zh", "ja", "el", "emoji"):
            codecs.append("ISO-8859-15")
            codecs.append("windows-1251")
        for codec in codecs:
            add("once", codec, lang, text, mangle(text, codec))
        # Twice and three times through windows-1252.
        add("twice", "windows-1252", lang, text, mangle(text, "windows-1252", 2))
        add("three times", "windows-1252", lang, text, mangle(text, "windows-1252", 3))
        # Mixed: a correct sentence, then the mangled one, then the correct one again.
        mixed = text + "\n\n" + mangle(text, "windows-1252") + "\n" + text
        add("mixed", "windows-1252", lang, text + "\n\n" + text + "\n" + text, mixed)

    for lang, text in SOURCES:
        # No-break spaces flattened to plain spaces (the lost byte of à and of NBSP).
        mangled = mangle(text, "windows-1252").replace("\u00a0", " ")
        # "à" + letter would read as "à" + space: only the cases that can be told apart.
        ambiguous = any(text[i] == "à" and text[i + 1 : i + 2].isalpha() for i in range(len(text)))
        if ("à" in text or "\u00a0" in text) and not ambiguous:
            add("lost byte", "windows-1252", lang, text.replace("\u00a0", " "), mangled)
        # windows-1252 bytes read as latin-1: punctuation becomes C1 controls.
        try:
            raw = text.encode("cp1252")
        except UnicodeEncodeError:
            raw = None
        if raw is not None:
            add("c1 controls", "latin-1", lang, text, raw.decode("latin-1"))

    # Lossy: a continuation byte that windows-1252 leaves undefined was dropped, or a
    # converter wrote "?" for it.
    lossy_sources = [
        ("en", "He said “the outage is over” and left.", "”"),
        ("fr", "Le message « Réessayez » s’affichait: “Server error” disait l’app.", "”"),
        ("it", "Il messaggio “Qualcosa è andato storto” compariva ovunque.", "”"),
    ]
    for lang, text, lost_char in lossy_sources:
        mangled = mangle(text, "windows-1252")
        expected = text.replace(lost_char, "\ufffd")
        add("lossy", "windows-1252", lang, text, mangled.replace("\u009d", ""), expected)
        add("lossy", "windows-1252", lang, text, mangled.replace("\u009d", "?"), expected)

    # HTML entities in plain text.
    entity_sources = [
        ("fr", "Caf&eacute; &amp; th&eacute; : la panne a dur&eacute; 3&nbsp;heures", "Café & thé : la panne a duré 3\u00a0heures"),
        ("it", "L&#8217;app &egrave; gi&ugrave; &#x2014; &laquo;errore 503&raquo;", "L’app è giù — «errore 503»"),
        ("en", "AT&amp;T&#146;s outage &ndash; &ldquo;we&rsquo;re sorry&rdquo;", "AT&T’s outage – “we’re sorry”"),
        ("es", "&iquest;Qu&eacute; pas&oacute;? El servicio se cay&oacute; a las 10&#58;15", "¿Qué pasó? El servicio se cayó a las 10:15"),
        ("de", "St&ouml;rung bei Gro&szlig;kunden: &bdquo;Fehler&ldquo; &euro; 5", "Störung bei Großkunden: „Fehler“ € 5"),
    ]
    for lang, mangled, expected in entity_sources:
        add("entities", "html", lang, expected, mangled, expected)

    # Mojibake line by line in a multi-line text with one codec per line.
    for lang, text in SOURCES[:12]:
        lines = [text, text, text, text]
        mangled = "\n".join([
            lines[0],
            mangle(lines[1], "windows-1252"),
            mangle(lines[2], "macintosh"),
            mangle(lines[3], "windows-1252", 2),
        ])
        add("line by line", "mixed", lang, "\n".join(lines), mangled)

    path = os.path.join(HERE, "cases.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    by_category = {}
    for case in cases:
        by_category[case["category"]] = by_category.get(case["category"], 0) + 1
    print(len(cases), "cases", by_category)


if __name__ == "__main__":
    main()
