"""The person's data in their hands: export (JSON, iCalendar), forget everywhere, retention."""
