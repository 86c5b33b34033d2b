#!/usr/bin/env python3
"""Derive the Japanese name lists the person recognizer embeds, from IPAdic's Noun.name.csv.

    apt-get install -y mecab-ipadic        # or: apt-get download mecab-ipadic && dpkg-deb -x *.deb root
    python3 derive_names.py /usr/share/mecab/dic/ipadic/Noun.name.csv

Writes ja-surnames.txt and ja-given-names.txt beside this script: one name a line, "surface<TAB>readings"
(katakana readings joined by "|"), sorted. Only kanji/kana surfaces of 1-4 characters are kept: longer
entries are rare and single-kana ones would match ordinary words. The licence of IPAdic is in IPADIC-LICENSE.txt.
"""
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SURFACE = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ヶ]{1,4}$")


def main(path: str) -> None:
    kinds = {"姓": collections.defaultdict(set), "名": collections.defaultdict(set)}
    with open(path, encoding="euc-jp", errors="replace") as f:
        for line in f:
            cols = line.rstrip("\n").split(",")
            if len(cols) < 12 or cols[7] not in kinds:
                continue
            surface, reading = cols[0], cols[11]
            if not SURFACE.match(surface):
                continue
            # A one-character kana "name" is an ordinary syllable in running text.
            if len(surface) == 1 and not re.match(r"[\u3400-\u9fff\uf900-\ufaff]", surface):
                continue
            kinds[cols[7]][surface].add(reading)
    for kind, out in (("姓", "ja-surnames.txt"), ("名", "ja-given-names.txt")):
        with open(os.path.join(HERE, out), "w", encoding="utf-8", newline="\n") as f:
            for surface in sorted(kinds[kind]):
                f.write(surface + "\t" + "|".join(sorted(kinds[kind][surface])) + "\n")
        print(out, len(kinds[kind]))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/mecab/dic/ipadic/Noun.name.csv")
