// The parts of OpenSSL's libcrypto (1.1.1 or 3.x) that swift-ecr-fleet-auth uses: SHA-256 and
// HMAC-SHA256 through the EVP interfaces. Only AWSSigV4's `*+LibCrypto.swift` files import this.
#ifndef SWIFT_ECR_FLEET_AUTH_CLIBCRYPTO_SHIM_H
#define SWIFT_ECR_FLEET_AUTH_CLIBCRYPTO_SHIM_H

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/opensslv.h>
#include <openssl/sha.h>

#endif
