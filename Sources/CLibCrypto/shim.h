// The parts of OpenSSL's libcrypto (1.1.1 or 3.x) that swift-ecr-fleet-auth uses: SHA-256 through
// the EVP digest interface. Only AWSSigV4's `*+LibCrypto.swift` files import this module.
#ifndef SWIFT_ECR_FLEET_AUTH_CLIBCRYPTO_SHIM_H
#define SWIFT_ECR_FLEET_AUTH_CLIBCRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>

/// Returns the SHA-256 implementation to pass to EVP_DigestInit_ex. On OpenSSL 3 this is an
/// explicitly fetched method (so initialising a digest does not look it up again each time); the
/// caller keeps it for the life of the process. Returns NULL if no provider offers SHA-256.
static inline const EVP_MD *CLibCrypto_fetchSHA256(void) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    return EVP_MD_fetch(NULL, "SHA256", NULL);
#else
    return EVP_sha256();
#endif
}

#endif
