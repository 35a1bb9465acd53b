"""Amounts of resources in words: person-days for time, a currency for money, a plain count
otherwise; and the ISO 4217 codes a money offer or need may carry. Pure helpers (no queries)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import ngettext

from accord.work.models import ResourceKind

# Active ISO 4217 currency codes (funds and precious metals left out: nobody offers the
# alliance an ounce of gold through this form).
CURRENCIES: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
    KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
    SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - one code a word reads better than 180 quoted strings
)

#: Kinds whose amount is required (counted); the others may carry an optional count.
COUNTED = (ResourceKind.TIME, ResourceKind.MONEY)


def number(value: Decimal | int | None) -> str:
    """1200.00 as "1,200" and 2.50 as "2.5", grouped in the active language's way."""
    if value is None:
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent) if value != value.to_integral() else 0  # type: ignore[operator]
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def amount_text(value: Decimal | int | None, kind: str, currency: str = "") -> str:
    """An amount as a person reads it: "GEL 1,200", "12 person-days", "3"."""
    if value is None:
        return ""
    if kind == ResourceKind.MONEY:
        return f"{currency} {number(value)}".strip()
    if kind == ResourceKind.TIME:
        return ngettext("%(n)s person-day", "%(n)s person-days", int(value) if value == int(value) else 2) % {
            "n": number(value)
        }
    return number(value)
