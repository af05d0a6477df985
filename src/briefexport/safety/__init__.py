"""Safety: the one sandbox for files, the one picture rule, the one markup policy."""
