"""Spoken answers and spoken questions, offline: speech to text (faster-whisper), text to speech (piper)
and the speaking coach. Everything here loads on first use; the `voice` extra may be missing."""
