"""Text handling: normalisation, sentences, language, numbers, morphology helpers."""
