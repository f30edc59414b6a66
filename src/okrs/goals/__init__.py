"""Goals: cycles, objectives, key results, check-ins, initiatives, KPIs and reviews."""
