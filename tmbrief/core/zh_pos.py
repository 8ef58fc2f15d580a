"""Part-of-speech tags as ``jieba.posseg`` gives them, over cached tables and a leaner Viterbi.

``jieba.posseg`` (jieba 0.42, MIT licence) tags a Chinese text in three steps: the
words of jieba's dictionary found by its DAG take their dictionary tag; runs of
single characters that are no dictionary word go through a hidden Markov model
over 256 (position, tag) states; digits and Latin letters get ``m`` / ``eng``.
This module does the same steps in the same order, giving the same (word, flag)
pairs (a test compares them with ``jieba.posseg`` on the seed and the dev sets),
with two differences in how, not what:

- the HMM's tables (start, transition and emission log-probabilities, the states
  each character may take) come from a :class:`tmbrief.core.table.Table` in the
  user's cache, looked up per character, instead of the ``jieba.posseg`` modules
  whose import unmarshals all 90,000 emissions (about 0.1 s per run);
- the Viterbi search keeps jieba's arithmetic and its tie-break (the larger
  state wins, states numbered in jieba's tuple order) but scores each state in a
  plain loop instead of a generator of tuples, about twice as fast.

The DAG and the dictionary route are jieba's own (``Tokenizer.get_DAG`` and
``calc``) over the shared tokenizer of tmbrief.core.zh_words.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from tmbrief.core.cache import file_key
from tmbrief.core.table import Table, cached_table, table_name

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi: the log-probability of an unseen emission

# jieba.posseg's patterns, as it writes them (the standard library's re, like jieba).
_HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_HAN_INTERNAL = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile(r"[\.0-9]+")


class HMM:
    """jieba.posseg's model: states numbered in sorted order, per-character tables.

    ``names[i]`` is state ``i`` as jieba writes it, e.g. ("B", "ns");
    ``start[i]`` its start log-probability; ``trans[i]`` {next state: log-prob};
    ``chars`` a Table {character: (its possible states or None, {state: emission})}.
    """

    def __init__(self, chars: Table):
        self.chars = chars
        names, self.start, self.trans = chars.meta
        self.names = [tuple(n) for n in names]
        self.all_states = tuple(range(len(self.names)))
        self._no_char = (None, {})

    def char(self, ch: str) -> tuple[tuple[int, ...] | None, dict[int, float]]:
        return self.chars.get(ch, self._no_char)

    def viterbi(self, obs: str) -> list[int]:
        """The most probable state of each character of ``obs`` (jieba.posseg.viterbi's path)."""
        trans = self.trans
        states, emit = self.char(obs[0])
        first = self.all_states if states is None else states
        col = {y: self.start[y] + emit.get(y, MIN_FLOAT) for y in first}
        back: list[dict[int, int]] = []
        for t in range(1, len(obs)):
            prev_states = [x for x in col if trans[x]]
            expect = {y for x in prev_states for y in trans[x]}
            states, emit = self.char(obs[t])
            obs_states = set(self.all_states if states is None else states) & expect
            if not obs_states:
                obs_states = expect or set(self.all_states)
            new: dict[int, float] = {}
            came: dict[int, int] = {}
            for y in obs_states:
                em = emit.get(y, MIN_FLOAT)
                best, best_state = None, -1
                # jieba: max((V[y0] + trans[y0].get(y, -inf) + em, y0) for y0 in prev_states).
                # A state with no transition to y scores -inf and cannot win, since y is
                # expected, so some previous state does lead to it.
                for y0 in prev_states:
                    p = trans[y0].get(y)
                    if p is None:
                        continue
                    v = col[y0] + p + em
                    if best is None or v > best or (v == best and y0 > best_state):
                        best, best_state = v, y0
                if best is None:
                    raise ValueError("max() arg is an empty sequence")  # as jieba would
                new[y] = best
                came[y] = best_state
            col = new
            back.append(came)
        _, state = max((v, y) for y, v in col.items())
        route = [0] * len(obs)
        for i in range(len(obs) - 1, 0, -1):
            route[i] = state
            state = back[i - 1][state]
        route[0] = state
        return route


class PosTokenizer:
    """(word, flag) pairs as ``jieba.posseg.POSTokenizer(tokenizer).cut(text)`` gives them."""

    def __init__(self, tokenizer, word_tag_tab, hmm: HMM):
        self.tokenizer = tokenizer
        self.word_tag_tab = word_tag_tab
        self.hmm = hmm

    def cut(self, sentence: str) -> Iterator[tuple[str, str]]:
        """The (word, part-of-speech flag) pairs of ``sentence``, in order (jieba's, HMM on)."""
        if self.tokenizer.user_word_tag_tab:  # words added with a tag (jieba's add_word)
            self.word_tag_tab.update(self.tokenizer.user_word_tag_tab)
            self.tokenizer.user_word_tag_tab = {}
        for blk in _HAN_INTERNAL.split(sentence):
            if _HAN_INTERNAL.match(blk):
                yield from self._cut_dag(blk)
                continue
            for x in _SKIP_INTERNAL.split(blk):
                if _SKIP_INTERNAL.match(x):
                    yield (x, "x")
                    continue
                for xx in x:
                    yield (xx, _other_tag(xx, x))

    def _tag(self, word: str) -> tuple[str, str]:
        return (word, self.word_tag_tab.get(word, "x"))

    def _cut_dag(self, sentence: str) -> Iterator[tuple[str, str]]:
        dag = self.tokenizer.get_DAG(sentence)
        route: dict = {}
        self.tokenizer.calc(sentence, dag, route)
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    yield from self._flush(buf)
                    buf = ""
                yield self._tag(word)
            x = y
        if buf:
            yield from self._flush(buf)

    def _flush(self, buf: str) -> Iterator[tuple[str, str]]:
        """A run of single characters: one word, the HMM's words, or one word per character."""
        if len(buf) == 1:
            yield self._tag(buf)
        elif not self.tokenizer.FREQ.get(buf):
            yield from self._cut_detail(buf)
        else:
            for elem in buf:
                yield self._tag(elem)

    def _cut_detail(self, sentence: str) -> Iterator[tuple[str, str]]:
        for blk in _HAN_DETAIL.split(sentence):
            if _HAN_DETAIL.match(blk):
                yield from self._cut_hmm(blk)
                continue
            for x in _SKIP_DETAIL.split(blk):
                if x:
                    yield (x, _other_tag(x, x))

    def _cut_hmm(self, sentence: str) -> Iterator[tuple[str, str]]:
        names = self.hmm.names
        pos_list = [names[s] for s in self.hmm.viterbi(sentence)]
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield (sentence[begin : i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield (char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield (sentence[nexti:], pos_list[nexti][1])


def load_hmm(jieba) -> HMM:
    """jieba.posseg's HMM tables, from the user's cache (built from jieba's modules once)."""
    folder = os.path.join(os.path.dirname(jieba.__file__), "posseg")
    sources = [os.path.join(folder, f"{n}.py") for n in ("prob_start", "prob_trans", "prob_emit")]
    sources.append(os.path.join(folder, "char_state_tab.py"))
    name = table_name("jieba-posseg-hmm", jieba.__version__, *map(file_key, sources))
    return HMM(cached_table(name, lambda: _hmm_entries(sources)))


def _hmm_entries(sources: list[str]) -> tuple[dict, tuple]:
    """(Table entries, meta) of jieba.posseg's HMM, read from its data modules (cold cache).

    The modules are run by path: importing them would import ``jieba.posseg``,
    whose import reads the whole dictionary for a global tokenizer.
    """
    import runpy

    start, trans, emit, char_states = (runpy.run_path(path)["P"] for path in sources)

    names = sorted(trans)  # numbered in jieba's tuple order: its tie-break holds on ints
    number = {s: i for i, s in enumerate(names)}
    chars: dict[str, tuple] = {}
    emits: dict[str, dict[int, float]] = {}
    for state, table in emit.items():
        for ch, p in table.items():
            emits.setdefault(ch, {})[number[state]] = p
    for ch in set(emits) | set(char_states):
        states = char_states.get(ch)
        chars[ch] = (
            None if states is None else tuple(number[s] for s in states),
            emits.get(ch, {}),
        )
    meta = (
        [list(s) for s in names],
        [start[s] for s in names],
        [{number[y]: p for y, p in trans[s].items()} for s in names],
    )
    return chars, meta


def _other_tag(piece: str, run: str) -> str:
    """jieba.posseg's tag of a non-Han piece: ``m`` for a number, ``eng`` when the run it
    was cut from looks Latin (jieba tests the run, not the piece), else ``x``."""
    if _NUM.match(piece):
        return "m"
    return "eng" if _ENG.match(run) else "x"
