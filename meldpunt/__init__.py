"""Meldpunt: registration, workflow and management information for Veilig Thuis."""
