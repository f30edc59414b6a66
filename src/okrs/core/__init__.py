"""The OKR rules in plain Python: no Django import anywhere below this package."""
