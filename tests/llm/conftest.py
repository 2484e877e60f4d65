"""End-to-end tests against a real LLM server: llama.cpp's OpenAI-compatible server running
SmolLM2-135M-Instruct, which .ci/run installs and starts. They run when RAREEARTH_TEST_LLM_URL
names the server (e.g. http://127.0.0.1:8765/v1) and are skipped otherwise."""

import os
import urllib.request

import pytest

from assistant.agent import LLMAssistant
from assistant.llm import build_chat_model, describe
from assistant.settings import Settings

TIMEOUT = 120.0


@pytest.fixture(scope="session")
def llm_settings():
    url = os.environ.get("RAREEARTH_TEST_LLM_URL")
    if not url:
        pytest.skip("RAREEARTH_TEST_LLM_URL is not set (.ci/run starts a llama.cpp server and sets it)")
    with urllib.request.urlopen(url.rstrip("/") + "/models", timeout=10) as reply:  # fail loudly if it is down
        assert reply.status == 200
    return Settings(
        llm_provider="openai-compatible", llm_base_url=url, llm_model="smollm2", llm_timeout=TIMEOUT, llm_max_tokens=256
    )


@pytest.fixture(scope="session")
def llm_assistant(llm_settings, assistant):
    # three model calls at most: the tiny model is slow here, and a run abandoned at its deadline
    # would keep the single-threaded server busy for the next question
    return LLMAssistant(
        build_chat_model(llm_settings), assistant, mode=describe(llm_settings), timeout=TIMEOUT, max_model_calls=3
    )
