from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "meldpunt.casefile"
    label = "casefile"
    verbose_name = "Dossier: journaal, documenten, brieven, veiligheidsvoorwaarden"
