"""Workflows of organization teams and Cal.ai phone calls on team event types."""
