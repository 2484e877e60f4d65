"""Building the reader: the shipped lexicon, a team's own words on top, and clear errors."""

import pytest

from assistant.reading.build import build_reader, load_lexicon
from assistant.reading.vocabulary import build_vocabulary
from tools.errors import DataFileError


def test_a_teams_lexicon_adds_words(real, tmp_path):
    own = tmp_path / "lexicon.yaml"
    own.write_text("partners:\n  DEU: [teutonic]\nwhich:\n  lowest: [sleepiest]\n", encoding="utf-8")
    reader = build_reader(real, user_lexicon=own)
    got = reader.read("teutonic magnet imports from China in July 2025").queries[0]
    assert got.partners == ("DEU",)
    lowest = reader.read("which month of 2025 had the sleepiest magnet exports").queries[0]
    assert (lowest.ask, lowest.over, lowest.which) == ("rank", "months", "lowest")
    # the shipped words stay: lists are extended, not replaced
    assert "german" in load_lexicon(own)["partners"]["DEU"]


def test_without_a_teams_file_the_shipped_lexicon_is_used(tmp_path):
    assert load_lexicon(tmp_path / "absent.yaml") == load_lexicon()


@pytest.mark.parametrize("text", ["partners: [unclosed", "- just\n- a list\n"])
def test_a_broken_lexicon_is_named(tmp_path, text):
    own = tmp_path / "lexicon.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match="lexicon.yaml"):
        load_lexicon(own)


def test_event_names_come_from_the_events_table(real):
    lexicon = load_lexicon()
    made_up = [
        {"date": "2031-05-14", "kind": "truce", "event": "At their Zanzibar summit the two sides agreed a pause."}
    ]
    vocab = build_vocabulary(real.catalogue(), made_up, lexicon)
    assert vocab.phrases[("zanzibar", "summit")] == [("event", "2031-05-14")]
    assert ("busan", "summit") not in vocab.phrases  # only the events it was given
    shipped = build_reader(real).vocab
    assert ("event", "2025-10-30") in shipped.phrases[("busan", "summit")]
    # an event of a control kind also names the measures: by its number, or by its month
    assert ("measure", "No. 57") in shipped.phrases[("no", "57")]
    assert ("measure", "October 2025") in shipped.phrases[("october", "controls")]
    # a word only one measure's description uses names it
    assert ("measure", "MOFCOM/GAC Announcement No. 61 of 2025") in shipped.phrases[("0.1%",)]
