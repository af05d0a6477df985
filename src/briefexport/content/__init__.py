"""Content: source files read into the validated, parsed model every writer consumes."""
