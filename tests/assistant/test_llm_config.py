"""The settings build the right LangChain chat model. OpenAI and Ollama cannot run here, so these
tests check the model objects the settings produce; no stub server pretends to be either."""

import pytest

from assistant.llm import LLMConfigError, build_chat_model, describe
from assistant.settings import Settings


def test_no_provider_is_the_offline_default():
    assert build_chat_model(Settings()) is None
    assert describe(Settings()) == "offline"


def test_openai_compatible_server():
    from langchain_openai import ChatOpenAI

    model = build_chat_model(
        Settings(
            llm_provider="openai-compatible",
            llm_base_url="http://127.0.0.1:8080/v1",
            llm_model="smollm2",
            llm_timeout=7.5,
            llm_temperature=0.2,
            llm_max_tokens=123,
        )
    )
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:8080/v1" and model.model_name == "smollm2"
    assert model.request_timeout == 7.5 and model.temperature == 0.2 and model.max_tokens == 123
    assert model.max_retries == 0
    assert describe(Settings(llm_provider="openai-compatible", llm_model="smollm2")) == "llm:openai-compatible:smollm2"


def test_openai_needs_a_key_and_uses_its_own_endpoint():
    with pytest.raises(LLMConfigError, match="API key"):
        build_chat_model(Settings(llm_provider="openai"))
    model = build_chat_model(Settings(llm_provider="openai", llm_api_key="sk-test", llm_model="gpt-4o-mini"))
    assert model.model_name == "gpt-4o-mini" and model.openai_api_base is None


def test_ollama():
    from langchain_ollama import ChatOllama

    model = build_chat_model(
        Settings(llm_provider="ollama", llm_model="llama3.2", llm_base_url="http://127.0.0.1:11434", llm_max_tokens=200)
    )
    assert isinstance(model, ChatOllama)
    assert model.model == "llama3.2" and model.base_url == "http://127.0.0.1:11434" and model.num_predict == 200


def test_errors_say_how_to_fix_them():
    with pytest.raises(LLMConfigError, match="BASE_URL"):
        build_chat_model(Settings(llm_provider="openai-compatible"))
    with pytest.raises(LLMConfigError, match="GGUF"):
        build_chat_model(Settings(llm_provider="llamacpp"))
    with pytest.raises(LLMConfigError, match="Expected one of"):
        build_chat_model(Settings(llm_provider="skynet"))


def test_environment_variables_reach_the_settings():
    settings = Settings.from_env(
        {
            "RAREEARTH_LLM_PROVIDER": "openai-compatible",
            "RAREEARTH_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "RAREEARTH_LLM_TIMEOUT": "3",
        }
    )
    assert (settings.llm_provider, settings.llm_base_url, settings.llm_timeout) == (
        "openai-compatible",
        "http://127.0.0.1:9/v1",
        3.0,
    )
