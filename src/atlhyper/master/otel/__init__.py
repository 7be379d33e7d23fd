"""OTel data on the Master: the Agents' summaries shaped for the UI, queries sent to the Agents as
commands (cached by time range), and SLO targets and error-budget math."""
