"""hdf5 layer."""
