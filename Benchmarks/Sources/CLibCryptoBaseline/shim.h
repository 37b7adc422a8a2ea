// libcrypto for the baseline measurements in SigV4Benchmarks: the cost of the hashing and HMAC a
// signature needs, with nothing else around it.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>

static inline const EVP_MD *CLibCryptoBaseline_fetchSHA256(void) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    return EVP_MD_fetch(NULL, "SHA256", NULL);
#else
    return EVP_sha256();
#endif
}
