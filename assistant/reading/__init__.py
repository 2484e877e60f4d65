"""Reading questions: vocabulary, periods, intents, the reading check."""
