"""Real Brazilian cities with their UF, for demo data (lives: a plausible beneficiary count)."""

CITIES = [
    ("São Paulo", "SP", 48000), ("Campinas", "SP", 9000), ("Santos", "SP", 4200),
    ("Ribeirão Preto", "SP", 3800), ("Sorocaba", "SP", 3500), ("São José dos Campos", "SP", 3900),
    ("Bauru", "SP", 1600), ("Piracicaba", "SP", 1700), ("Rio de Janeiro", "RJ", 39000),
    ("Niterói", "RJ", 5200), ("Petrópolis", "RJ", 352), ("Volta Redonda", "RJ", 1400),
    ("Nova Friburgo", "RJ", 640), ("Teresópolis", "RJ", 520), ("Campos dos Goytacazes", "RJ", 1900),
    ("Belo Horizonte", "MG", 21000), ("Uberlândia", "MG", 4100), ("Juiz de Fora", "MG", 2900),
    ("Montes Claros", "MG", 1500), ("Ouro Preto", "MG", 210), ("Diamantina", "MG", 140),
    ("Vitória", "ES", 3900), ("Vila Velha", "ES", 2600), ("Curitiba", "PR", 15000),
    ("Londrina", "PR", 3700), ("Maringá", "PR", 2900), ("Ponta Grossa", "PR", 1300),
    ("Florianópolis", "SC", 4800), ("Joinville", "SC", 3600), ("Blumenau", "SC", 2300),
    ("Chapecó", "SC", 900), ("Porto Alegre", "RS", 12000), ("Caxias do Sul", "RS", 3300),
    ("Pelotas", "RS", 1800), ("Santa Maria", "RS", 1500), ("Salvador", "BA", 17000),
    ("Feira de Santana", "BA", 2800), ("Vitória da Conquista", "BA", 1200), ("Ilhéus", "BA", 480),
    ("Recife", "PE", 12500), ("Caruaru", "PE", 1300), ("Petrolina", "PE", 980),
    ("Fortaleza", "CE", 14000), ("Juazeiro do Norte", "CE", 1100), ("Sobral", "CE", 600),
    ("Natal", "RN", 5400), ("Mossoró", "RN", 900), ("João Pessoa", "PB", 5200),
    ("Campina Grande", "PB", 1700), ("Maceió", "AL", 5100), ("Arapiraca", "AL", 520),
    ("Aracaju", "SE", 4300), ("Teresina", "PI", 4600), ("Parnaíba", "PI", 330),
    ("São Luís", "MA", 5300), ("Imperatriz", "MA", 880), ("Belém", "PA", 8200),
    ("Santarém", "PA", 700), ("Marabá", "PA", 540), ("Manaus", "AM", 11000),
    ("Parintins", "AM", 180), ("Macapá", "AP", 1900), ("Boa Vista", "RR", 1600),
    ("Porto Velho", "RO", 2600), ("Ji-Paraná", "RO", 390), ("Rio Branco", "AC", 1900),
    ("Palmas", "TO", 1700), ("Araguaína", "TO", 420), ("Goiânia", "GO", 9800),
    ("Anápolis", "GO", 1800), ("Rio Verde", "GO", 760), ("Brasília", "DF", 21000),
    ("Cuiabá", "MT", 4700), ("Rondonópolis", "MT", 850), ("Sinop", "MT", 520),
    ("Campo Grande", "MS", 5600), ("Dourados", "MS", 950), ("Corumbá", "MS", 260),
]  # fmt: skip

FIRST_NAMES = [
    "Ana", "Maria", "Patricia", "Juliana", "Fernanda", "Camila", "Beatriz", "Larissa",
    "Aline", "Renata", "Carla", "Luciana", "João", "Pedro", "Lucas", "Gabriel", "Rafael",
    "Marcelo", "Rodrigo", "Felipe", "Bruno", "André", "Thiago", "Gustavo", "Ricardo",
    "Eduardo", "Paulo", "Carlos", "Vanessa", "Priscila", "Tatiane", "Roberta",
]  # fmt: skip
LAST_NAMES = [
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
    "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes",
    "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade",
    "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas", "Cardoso", "Barros",
]  # fmt: skip
OTHER_PLANS = ["Amil Dental", "OdontoPrev", "Bradesco Dental", "SulAmérica Odonto", "Uniodonto"]
