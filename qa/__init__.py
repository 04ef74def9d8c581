"""index/ -> answers: retrieve passages, compose an answer whose every sentence is cited."""
