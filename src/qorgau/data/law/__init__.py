"""Law as dated data: statutes, MCI values, compensation fund, risk indicators, messages."""
