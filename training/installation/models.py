"""Models of training.installation."""
