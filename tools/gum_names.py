#!/usr/bin/env python3
"""Turn GUM's entity mentions (whole noun phrases) into CoNLL-style names, to measure the tagger
on raw Wikinews text with CoNLL's conventions.

GUM labels noun phrases ("the University of Helsinki", "U.S. President Donald Trump's",
"Bos and colleagues"); CoNLL labels the name only. For each PER/ORG/LOC mention whose head word
is capitalised, keep the run of capitalised words around the head (joined by of/for/de..., not across commas),
drop a trailing possessive and leading titles of people; names nested in another name are
dropped (CoNLL marks the outermost). Mentions whose head is not capitalised are not names.

usage: tools/gum_names.py ../shared/data/gum_news.jsonl > /tmp/gum-names.jsonl
"""
import json, re, sys

CONNECT = {'of', 'for', 'de', 'la', 'du', 'von', 'van', 'der', 'den', 'del', 'the'}
TITLES = {'mr', 'mrs', 'ms', 'dr', 'prof', 'president', 'senator', 'sen', 'rep', 'gov', 'governor',
          'minister', 'prime', 'secretary', 'general', 'gen', 'sir', 'lord', 'king', 'queen', 'pope',
          'chancellor', 'mayor', 'judge', 'justice', 'captain', 'capt', 'col', 'lt', 'sgt', 'rev',
          'saint', 'st', 'chairman', 'ceo', 'director', 'professor', 'doctor', 'officer', 'agent'}

def words(text, start, end):
    """(start, end) of the words in text[start:end], punctuation at the edges trimmed."""
    out = []
    for m in re.finditer(r"\S+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        while e > s and text[e - 1] in ',.;:!?)"\'”’':
            e -= 1
        if text[s:e].endswith(("'s", "’s")):
            e -= 2
        while s < e and text[s] in '("“‘\'':
            s += 1
        if s < e:
            out.append((s, e))
    return out

def joined(text, left, right):
    """True when nothing but spaces separates two words (no comma, bracket or dash)."""
    return text[left[1]:right[0]].strip() == ''

def cap(w):
    return w[:1].isupper() or (w[:1].isdigit() and any(c.isupper() for c in w))

def name_of(text, e):
    ws = words(text, e['start'], e['end'])
    hs, he = e.get('head_start', e['start']), e.get('head_end', e['end'])
    idx = [i for i, (s, t) in enumerate(ws) if s < he and hs < t]
    if not idx:
        return None
    h = idx[0]
    if not cap(text[ws[h][0]:ws[h][1]]):
        return None
    a = b = h
    while a > 0 and joined(text, ws[a-1], ws[a]) and (cap(text[ws[a-1][0]:ws[a-1][1]]) or
                     (text[ws[a-1][0]:ws[a-1][1]].lower() in CONNECT and a - 1 > 0 and cap(text[ws[a-2][0]:ws[a-2][1]]))):
        a -= 1
    while b + 1 < len(ws) and joined(text, ws[b], ws[b+1]) and (cap(text[ws[b+1][0]:ws[b+1][1]]) or
                               (text[ws[b+1][0]:ws[b+1][1]].lower() in CONNECT and b + 2 < len(ws) and cap(text[ws[b+2][0]:ws[b+2][1]]))):
        b += 1
    if e['label'] == 'PER':
        while a < h and text[ws[a][0]:ws[a][1]].lower().rstrip('.') in TITLES:
            a += 1
    while a < b and text[ws[a][0]:ws[a][1]] == 'The':
        a += 1
    return ws[a][0], ws[b][1]

for line in open(sys.argv[1]):
    d = json.loads(line)
    names = set()
    for e in d['entities']:
        if e['label'] not in ('PER', 'ORG', 'LOC'):
            continue
        span = name_of(d['text'], e)
        if span:
            names.add((span[0], span[1], e['label']))
    outer = [n for n in names if not any(o != n and o[0] <= n[0] and n[1] <= o[1] for o in names)]
    d['entities'] = [{'start': s, 'end': t, 'text': d['text'][s:t], 'label': l} for s, t, l in sorted(outer)]
    print(json.dumps(d))
