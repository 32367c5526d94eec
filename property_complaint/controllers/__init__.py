from . import main
from . import myaccount
