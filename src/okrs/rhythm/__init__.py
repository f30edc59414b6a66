"""The weekly rhythm: check-in cadences, what each person owes, reminders, and the
background jobs and schedule that send them."""
