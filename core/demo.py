"""Demo data built on the Guyane story, shared by `seed_demo` and the tests.

Every app may have a `demo` module with `ORDER` (an int) and `seed(ctx)`, and optionally
`STEPS = [(order, "function_name"), …]` for later steps that need other apps' data;
`seed_demo` runs every step in order inside one transaction. Each seeder must be deterministic (ctx.rng is
seeded) and idempotent (look up by natural keys, create only what is missing).
"""

import importlib
import random
from dataclasses import dataclass, field

from django.apps import apps
from stdnum import luhn

DEMO_PASSWORD = "maillage-demo"
DEMO_DOMAIN = "demo.maillage.test"


@dataclass
class DemoContext:
    scale: int = 1
    rng: random.Random = field(default_factory=lambda: random.Random(2019))
    log: callable = print
    refs: dict = field(default_factory=dict)

    def fresh_rng(self, label: str) -> random.Random:
        """An rng per seeder, so adding one seeder doesn't change another's data."""
        return random.Random(f"{label}-{self.scale}")


def seeders():
    """The demo steps of every installed app, as (order, label, function), in order."""
    steps = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "seed"):
            steps.append((getattr(module, "ORDER", 100), module.__name__, module.seed))
        for order, name in getattr(module, "STEPS", []):
            steps.append((order, f"{module.__name__}.{name}", getattr(module, name)))
    return sorted(steps, key=lambda step: (step[0], step[1]))


def fake_siret(number: int) -> str:
    """A SIRET whose SIREN and whole number pass the Luhn check, from a small integer.

    The SIREN starts with 99, a range no real company has, so demo data never points at one.
    """
    siren_body = f"99{number % 10**6:06d}"
    siren = siren_body + luhn.calc_check_digit(siren_body)
    nic_body = f"{number // 10**6 % 10**4:04d}"
    for last in range(10):
        candidate = f"{siren}{nic_body}{last}"
        if luhn.is_valid(candidate):
            return candidate
    raise AssertionError("unreachable: one digit always completes a Luhn number")


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"
