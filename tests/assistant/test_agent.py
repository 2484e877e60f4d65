"""The LLM answerer's guards without a model server: near-miss replacement, garbage detection,
and falling back to the offline answer when the backend is unreachable, hangs, or writes garbage.

The unreachable and hanging backends are real sockets (closed, or accepting and never replying);
the garbage-writing model is LangChain's GenericFakeChatModel, because no real model can be
made to write garbage on demand."""

import json
import socket
import threading
import time

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI

from assistant.agent import LLMAssistant, _garbage, replace_near_misses
from tools.periods import Period
from tools.results import Figure

SEED = "How did China's rare earth magnet exports change in July 2025?"


def figure(value, unit, measure="volume"):
    return Figure(
        "x",
        value,
        unit,
        Period.month(2025, 7),
        "WLD",
        "magnets",
        measure,
        "reported",
        ("s",),
        decimals=1 if unit == "pct" else 0,
        base=Period.month(2025, 6) if measure == "change_pct" else None,  # a change on June, as the tools give it
    )


def test_near_misses_are_replaced_and_far_misses_left():
    figs = [figure(5577, "t"), figure(74.937, "pct", "change_pct")]
    text, notes = replace_near_misses("Exports were 5,580 t, up 75.0%, not 9,999 t.", figs)
    assert "5,577 t" in text and "74.9%" in text and "9,999 t" in text
    assert len(notes) == 2


def test_garbage_detection():
    assert _garbage("")
    assert _garbage('{"name": "query_figures", "arguments": {}}')
    assert _garbage("<tool_call> query_figures </tool_call> 1 2 3 4 5 6 7")
    assert _garbage("!!! ### $$$ %%% ^^^ 123 456 789")
    assert not _garbage("China exported 5,577 t of magnets in July 2025.")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_backend_gives_the_offline_answer(assistant):
    model = ChatOpenAI(
        base_url=f"http://127.0.0.1:{closed_port()}/v1", api_key="x", model="m", timeout=3, max_retries=0
    )
    started = time.perf_counter()
    answer = LLMAssistant(model, assistant, mode="llm:test", timeout=10).ask(SEED)
    assert time.perf_counter() - started < 10
    assert "fell back" in answer.mode and any("could not answer" in w for w in answer.warnings)
    assert "5,577 t" in answer.text and "74.9%" in answer.text


def test_a_hanging_backend_times_out(assistant):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held = []
    threading.Thread(target=lambda: held.append(server.accept()), daemon=True).start()  # accepts, never replies
    model = ChatOpenAI(
        base_url=f"http://127.0.0.1:{server.getsockname()[1]}/v1", api_key="x", model="m", timeout=30, max_retries=0
    )
    started = time.perf_counter()
    answer = LLMAssistant(model, assistant, mode="llm:test", timeout=2).ask(SEED)
    assert time.perf_counter() - started < 6
    assert any("TimeoutError" in w for w in answer.warnings) and "5,577 t" in answer.text
    server.close()


class ToolCapableFake(GenericFakeChatModel):
    def bind_tools(self, tools, **kwargs):  # the fake has no tool support of its own
        return self

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        # one chunk per scripted message, tool calls included (the base fake streams text only)
        message = self._generate(messages, stop=stop, run_manager=run_manager, **kwargs).generations[0].message
        chunks = [
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i}
            for i, c in enumerate(message.tool_calls)
        ]
        yield ChatGenerationChunk(message=AIMessageChunk(content=message.content, tool_call_chunks=chunks))


def test_garbage_output_gives_the_offline_answer(assistant):
    model = ToolCapableFake(messages=iter([AIMessage(content="### $$$ 1 2 3 4 5 6 7 8 9 ###")]))
    answer = LLMAssistant(model, assistant, mode="llm:test", timeout=10).ask(SEED)
    assert any("garbled" in w for w in answer.warnings) and "5,577 t" in answer.text


def test_a_model_number_is_checked(assistant):
    draft = "China exported 5,580 t of magnets in July 2025, which was 99,999 t more than ever."
    model = ToolCapableFake(
        messages=iter(
            [
                AIMessage(
                    content="",
                    tool_calls=[
                        {
                            "name": "query_figures",
                            "id": "1",
                            "args": {
                                "ask": "change",
                                "commodity": "magnets",
                                "periods": ["July 2025"],
                                "partners": [],
                                "basis": "mom",
                            },
                        }
                    ],
                ),
                AIMessage(content=draft),
            ]
        )
    )
    answer = LLMAssistant(model, assistant, mode="llm:test", timeout=10).ask(SEED)
    assert "5,577 t" in answer.text  # replaced by the verified figure
    assert "99,999 t (unverified)" in answer.text
    assert any(t.tool == "query_figures" for t in answer.trace)


def test_clarifications_never_reach_the_model(assistant):
    model = ToolCapableFake(messages=iter([]))
    answer = LLMAssistant(model, assistant, mode="llm:test").ask("How much went to Congo in 2025?")
    assert answer.kind == "clarification"


def test_a_draft_far_from_the_data_gives_the_offline_answer(assistant):
    draft = "China exported about 12,345 t of magnets that month, up 987% on the month before, and then 55,555 t."
    model = ToolCapableFake(messages=iter([AIMessage(content=draft)]))
    answer = LLMAssistant(model, assistant, mode="llm:test", timeout=10).ask(SEED)
    assert "fell back" in answer.mode
    assert any("numbers that match no tool figure" in w for w in answer.warnings)
    assert "12,345" not in answer.text and "5,577 t" in answer.text


def test_a_near_miss_is_replaced_only_by_its_own_partner_period_and_direction():
    germany = Figure("Germany", 1116.0, "t", Period.month(2025, 7), "DEU", "magnets", "volume", "reported", ("s",))
    usa = Figure("US", 619.0, "t", Period.month(2025, 7), "USA", "magnets", "volume", "reported", ("s",))
    june = Figure("June", 1120.0, "t", Period.month(2025, 6), "DEU", "magnets", "volume", "reported", ("s",))
    fall = figure(-12.471, "pct", "change_pct")
    # a United States number near Germany's figure is not Germany's
    text, notes = replace_near_misses("The United States took 1,118 t in July 2025.", [germany, usa])
    assert "1,118 t" in text and notes == []
    # Germany's July figure, not its June one, for a sentence about July
    text, _ = replace_near_misses("Germany took 1,118 t in July 2025.", [germany, june, usa])
    assert "1,116 t" in text
    # a fall keeps its sign, and a rise is never "corrected" into a fall
    text, _ = replace_near_misses("Exports changed by −12.4% on June.", [fall])
    assert "−12.5%" in text
    text, notes = replace_near_misses("Exports rose 12.4% on June.", [fall])
    assert "12.4%" in text and notes == []
