"""Domain services: each public function is one transaction with its audit event."""
