"""The Agent's command service: actions are plain async functions in `actions.ACTIONS`."""
