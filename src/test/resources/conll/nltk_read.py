"""Reads a Crosscheck CoNLL export the way an NLTK user does, and prints what NLTK saw as JSON.

Usage: nltk_read.py ROOT FILEID  (the file has TOKEN START END TAG columns, one span layer)
Every sentence's BIO tags go through nltk's conlltags2tree in strict mode, which refuses a chunk that starts
with I- (as after a sentence break) or an I- of another label. Exits non-zero when NLTK cannot read the file.
"""
import json
import sys

from nltk.chunk.util import conlltags2tree
from nltk.corpus.reader import ConllCorpusReader

root, fileid = sys.argv[1], sys.argv[2]
# START stands in the "pos" column so that iob_sents() can be used; END is ignored.
reader = ConllCorpusReader(root, [fileid], columntypes=("words", "pos", "ignore", "chunk"), encoding="utf8")
docs = 0
sentences = []
for sent in reader.iob_sents():
    # NLTK discards a -DOCSTART- row; the block it stood alone in comes back as an empty sentence.
    if not sent:
        docs += 1
        continue
    conlltags2tree(sent, strict=True)
    sentences.append([[word, tag] for word, _start, tag in sent])
print(json.dumps({"documents": docs, "sentences": sentences, "words": len(reader.words())}))
