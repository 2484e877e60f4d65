from corpus.chunking import chunk_text, sentences

TEXT = (
    "China shipped 5,577 t in July 2025. The U.S. took 619 t, up 75.5% on June. "
    "Announcement No. 18 set the rules on Apr. 4.\n\nA new paragraph starts here. It ends here."
)


def test_sentences_keep_abbreviations_and_decimals_whole():
    got = [s.text for s in sentences(TEXT)]
    assert got == [
        "China shipped 5,577 t in July 2025.",
        "The U.S. took 619 t, up 75.5% on June.",
        "Announcement No. 18 set the rules on Apr. 4.",
        "A new paragraph starts here.",
        "It ends here.",
    ]


def test_offsets_point_into_the_text():
    for span in sentences(TEXT) + chunk_text(TEXT, max_chars=80):
        assert TEXT[span.start : span.end] == span.text


def test_chunks_are_whole_sentences_with_overlap():
    chunks = chunk_text(TEXT, max_chars=120, overlap=1)
    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.text.endswith(".")
    # each chunk starts with the last sentence of the one before
    units = [s.text for s in sentences(TEXT)]
    for before, after in zip(chunks, chunks[1:], strict=False):
        last = [u for u in units if before.text.endswith(u)][0]
        assert after.text.startswith(last)
    assert chunks[-1].text.endswith("It ends here.")


def test_a_long_sentence_is_a_chunk_of_its_own():
    long = "word " * 300 + "end."
    chunks = chunk_text(long + " Short one.", max_chars=100)
    assert chunks[0].text == long.strip()


def test_no_overlap_covers_every_sentence_once():
    chunks = chunk_text(TEXT, max_chars=80, overlap=0)
    assert " ".join(c.text for c in chunks).replace("\n\n", " ") == " ".join(s.text for s in sentences(TEXT))


def test_empty_text():
    assert chunk_text("") == [] and sentences("   ") == []


def test_overlap_never_stalls_and_every_sentence_is_kept():
    chunks = chunk_text(TEXT, max_chars=80, overlap=1)
    joined = " ".join(c.text for c in chunks)
    for unit in sentences(TEXT):
        assert unit.text in joined
    assert len(chunks) == len({c.start for c in chunks})  # no chunk repeats another's start
