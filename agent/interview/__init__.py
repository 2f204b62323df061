"""The interview: configuration, question planning, follow-ups, the session state machine, the report."""
