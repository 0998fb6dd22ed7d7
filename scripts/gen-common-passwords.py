#!/usr/bin/env python3
"""Writes data/passwords/common.txt: passwords Cobuy refuses because attackers try them first.

The list is generated, not copied, from the rules below (see data/passwords/SOURCES.md), so it
carries no third-party licence. Entries are lower-case (Cobuy compares lower-cased) and at
least 10 bytes long: shorter passwords are refused by the length rule anyway.

Usage: scripts/gen-common-passwords.py > data/passwords/common.txt
"""

MIN_LEN = 10
YEARS = [str(y) for y in range(1960, 2031)]
NUMBERS = ["1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "1234567890",
           "01", "007", "69", "99", "00", "000", "111", "321", "4321", "54321", "2k", "1!", "!", "!!", "?", "@",
           "#1", "!@#", "!@#$", "."]
SEPARATORS = ["", "-", "@", "!"]
WORDS = """
password passwort motdepasse wachtwoord contrasena passe pass pw passwd secret geheim secreto
welcome willkommen bienvenue welkom letmein iloveyou jetaime ichliebedich admin administrator
root user login guest test testing changeme default master superman batman spiderman starwars
dragon monkey shadow sunshine princess football fussball soccer baseball hockey basketball
qwerty azerty qwertz abc abcd abcdef trustno1 whatever freedom mustang michael jennifer
jordan hunter ranger buster thomas robert daniel charlie summer winter spring autumn
hello hallo bonjour salut ciao hola computer internet server office company business
london paris berlin madrid rome roma amsterdam brussels bruxelles vienna wien europe
france deutschland germany nederland holland espana italia belgique belgie austria
football liverpool chelsea arsenal barcelona realmadrid juventus bayern ajax psg
january february march april june july august september october november december
monday tuesday friday sunday weekend holiday vacation
love lovely angel baby cookie chocolate cheese pepper ginger orange banana apple
purple yellow silver golden diamond flower rainbow butterfly tiger lion eagle falcon
killer ninja pokemon minecraft fortnite zelda matrix mercedes porsche ferrari bmw
procurement tender tenders purchase purchasing buyer supplier contract contracts
municipality gemeente stadt mairie commune council region hospital university
europa european union public service government ministry
""".split()
KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn",
                 "qwertzuiop", "yxcvbnm", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhnujmikolp",
                 "1q2w3e4r5t6y7u8i9o0p", "zaq1xsw2cde3vfr4bgt5", "q1w2e3r4t5y6u7i8o9p0", "poiuytrezza",
                 "mnbvcxz", "lkjhgfdsa", "poiuytrewq", "0987654321", "!@#$%^&*()", "1qazxsw23edc"]
REPEAT_UNITS = ["ab", "12", "123", "1234", "12345", "abc", "abcd", "qwe", "qwer", "asd", "xo", "ha", "la",
                "01", "10", "69", "pass", "test", "love", "abc123", "a1", "1a", "aa", "11", "00"]
LEET_WORDS = 24  # the first words (passwords and greetings) also in leetspeak and doubled
LEET = str.maketrans({"a": "@", "o": "0", "i": "1", "e": "3", "s": "$"})


def digit_runs():
    digits = "0123456789"
    out = set()
    for start in range(10):
        for length in range(MIN_LEN, 21):
            up = "".join(digits[(start + k) % 10] for k in range(length))
            out.add(up)
            out.add(up[::-1])
    return out


def keyboard_walks():
    out = set()
    for row in KEYBOARD_ROWS:
        for length in range(4, len(row) + 1):
            walk = row[:length]
            out.add(walk)
            out.add(walk[::-1])
            for n in NUMBERS:
                out.add(walk + n)
                out.add(n + walk)
        out.add(row + row)
    for a in KEYBOARD_ROWS:
        for b in KEYBOARD_ROWS:
            out.add(a + b)
    return out


def repeats():
    out = set()
    for unit in REPEAT_UNITS:
        s = unit
        while len(s) < 24:
            s += unit
            out.add(s)
    return out


def words():
    out = set()
    forms = set(WORDS)
    for w in WORDS[:LEET_WORDS]:
        forms.update({w.translate(LEET), w + w})
    for w in sorted(forms):
        out.add(w)
        for y in YEARS:
            for sep in SEPARATORS:
                out.add(w + sep + y)
            out.add(w + y + "!")
            out.add(w + y[2:])
            out.add(y + w)
        for n in NUMBERS:
            out.add(w + n)
            out.add(w + "!" + n)
    for a in WORDS:
        for b in ("123", "1234", "12345", "2024", "2025", "2026", "!"):
            out.add("my" + a + b)
            out.add("the" + a + b)
    return out


def main():
    entries = digit_runs() | keyboard_walks() | repeats() | words()
    for e in sorted(x for x in entries if len(x) >= MIN_LEN and len(x.encode()) <= 128):
        print(e)


if __name__ == "__main__":
    main()
