import Foundation

/// The `sitecustomize` module that makes moto's ECR `GetAuthorizationToken` issue tokens valid
/// for `MOTO_HARNESS_ECR_TOKEN_SECONDS` from now instead of tokens that expired in 2015.
///
/// moto computes `expiresAt` as `time.mktime(datetime(2015, 1, 1).timetuple())` in
/// `moto/ecr/responses.py`, the module's only use of `time`. The module below gives that one
/// module a `time` whose `mktime` returns now plus the lifetime; everything else in moto, and
/// the signature and IAM checks, stay as they are. Python imports `sitecustomize` from
/// `PYTHONPATH` at start-up, so no moto file is touched. If moto's layout changes, the server
/// fails to start with the reason in its log, rather than silently issuing expired tokens.
enum MotoECRTokenLifetime {
    static let module = """
        # Installed by swift-ecr-fleet-auth's MotoTestSupport (MotoServer.start(ecrTokenLifetime:)).
        import os
        import time as _time

        _seconds = os.environ.get("MOTO_HARNESS_ECR_TOKEN_SECONDS")
        if _seconds is not None:
            import moto.ecr.responses as _responses

            if _responses.time is not _time:
                raise RuntimeError("moto.ecr.responses no longer uses time.mktime for expiresAt")

            class _ShiftedTime:
                def __getattr__(self, name):
                    return getattr(_time, name)

                def mktime(self, _tuple):
                    return _time.time() + float(_seconds)

            _responses.time = _ShiftedTime()
        """

    /// Writes the module into a new directory under `parent` and returns the directory, for
    /// `PYTHONPATH`.
    static func install(in parent: URL) throws -> URL {
        let directory = parent.appendingPathComponent("moto-site-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.module.write(to: directory.appendingPathComponent("sitecustomize.py"), atomically: true, encoding: .utf8)
        return directory
    }
}
