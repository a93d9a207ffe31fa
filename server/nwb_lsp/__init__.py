"""nwb-lsp: validation and editor support for Neurodata Without Borders (NWB).

Layers (each imports only the ones listed before it):
``hdf5`` (h5py, file index, graph) -> ``schema`` (specs to LinkML to pydantic) ->
``rules`` (findings) and ``spec`` (YAML spec documents) -> ``lsp`` (pygls server);
``cli`` drives them from a terminal.
"""

__version__ = "0.1.0"
