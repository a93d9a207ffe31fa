/* An HDF5 filter plugin that crashes while decoding, as a buggy third-party
 * compression plugin does: the tests load it through HDF5_PLUGIN_PATH to make
 * libhdf5 crash, for real, while a dataset's values are read (finding F005).
 * Encoding is the identity, so files using it can be written.
 *
 * Part of nwb-lsp's tests, under the project's BSD-3-Clause license. It declares
 * the plugin interface itself (H5PLextern.h's layout, class version 1), so it
 * builds without HDF5's headers:  cc -shared -fPIC -o libcrash_filter.so crash_filter.c
 */
#include <stddef.h>

#define CRASH_FILTER_ID 32767
#define H5Z_FLAG_REVERSE 0x0100

typedef struct {
    int version;
    int id;
    unsigned encoder_present;
    unsigned decoder_present;
    const char *name;
    void *can_apply;
    void *set_local;
    size_t (*filter)(unsigned, size_t, const unsigned[], size_t, size_t *, void **);
} filter_class;

static size_t crash_filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[],
                           size_t nbytes, size_t *buf_size, void **buf) {
    (void)cd_nelmts; (void)cd_values; (void)buf_size; (void)buf;
    if (flags & H5Z_FLAG_REVERSE) {
        volatile int *nowhere = NULL;
        *nowhere = 1; /* segmentation fault while decoding */
    }
    return nbytes;
}

static const filter_class CRASH_FILTER = {
    1, CRASH_FILTER_ID, 1, 1, "nwb-lsp test: crashes on decode", NULL, NULL, crash_filter,
};

int H5PLget_plugin_type(void) { return 0; /* H5PL_TYPE_FILTER */ }
const void *H5PLget_plugin_info(void) { return &CRASH_FILTER; }
