from . import portal_labels
