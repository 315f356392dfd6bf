"""The network an address is counted by, for the per-network limit on sign-in codes."""

import pytest

from app.services.rate_limits import network_of


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::a", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:db8:1:3::a", "2001:db8:1:3::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 as a dual-stack server sees it
        ("", ""),
    ],
)
def test_addresses_are_counted_by_their_network(address, network):
    assert network_of(address) == network
