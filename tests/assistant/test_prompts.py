"""Every sentence shape renders with exactly the fields it is given in ``assistant.compose``."""

import string

import pytest

from assistant import prompts

TEXTS = {name: value for name, value in vars(prompts).items() if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_template_renders(name):
    fields = {f for _, f, _, _ in string.Formatter().parse(TEXTS[name]) if f}
    rendered = TEXTS[name].format(**{f: f"<{f}>" for f in fields})
    assert "{" not in rendered and all(f"<{f}>" in rendered for f in fields)


def test_a_missing_field_fails_loudly():
    with pytest.raises(KeyError):
        prompts.CHANGE.format(verb="exported")
