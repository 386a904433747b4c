SPECS: dict = {}
