import ArgumentParser
import SurveyStore

/// `--store` and `--district` as `serve` and `sample-data` take them, checked before anything is
/// written: a PostgreSQL address only, and a district only with one, named so it can be a schema.
enum StoreOptions {
    static func validate(store: String?, district: String?) throws {
        if let store, !PostgresStore.isURL(store) { throw ValidationError(StoreError.notPostgresURL.description) }
        guard let district else { return }
        guard store != nil else { throw ValidationError(StoreError.districtNeedsPostgres.description) }
        do {
            _ = try PostgresStore.schema(district: district)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
