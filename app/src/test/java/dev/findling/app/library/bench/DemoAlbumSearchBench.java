package dev.findling.app.library.bench;

import dev.findling.app.FindlingProperties;
import dev.findling.app.jobs.JobRegistry;
import dev.findling.jobs.JobState;
import dev.findling.app.jobs.JobStatus;
import dev.findling.app.library.ActiveLibrary;
import dev.findling.app.library.ConceptMatches;
import dev.findling.app.library.DemoAlbum;
import dev.findling.app.library.DemoSetup;
import dev.findling.app.library.LibraryService;
import dev.findling.app.packs.ActivePack;
import dev.findling.app.packs.ActivePerSam;
import dev.findling.app.segmentation.ActiveSegmenter;
import dev.findling.index.SearchPage;
import dev.findling.models.reference.ReferencePack;
import dev.findling.models.runtime.Device;
import dev.findling.personalize.ConceptStore;
import dev.findling.personalize.library.LibraryConceptSearch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * End-to-end concept search over the demo album: what {@code GET /api/concepts/demo-object/matches?limit=10} costs
 * on a fresh {@code ./findling} start, minus HTTP and JSON. The trial setup builds that state the way the server
 * does, with the application's own classes wired by hand instead of by Spring: the reference pack generated into
 * a temp data dir ({@link ReferencePack#ensure}), {@link DemoSetup} writing the {@link DemoAlbum}, adding it as a
 * root, creating the {@value DemoSetup#CONCEPT_ID} concept and ingesting the album through the job registry (one
 * worker, as in the server). The benchmarks then call {@link ConceptMatches#search} — the matches endpoint's own
 * service: candidate retrieval from the Lucene index and PerSAM re-ranking of every candidate on its cached
 * embedding — with the endpoint's defaults (no minimum score, absent ones left out): {@code firstPageOf10} as the
 * concept's first search (PerSAM on every candidate), {@code nextPageOf10} as the page after it (PerSAM's decisions
 * remembered by the service, only the index query runs again).
 *
 * <p>Unlike the server, the PerSeg examples from {@code ../shared} are <em>not</em> added to the library, so the
 * library is exactly the seeded album and the figure does not depend on where the benchmark runs from. The model
 * timers the server wraps around the pack (Micrometer) are not installed either.
 *
 * <p>The setup prints one line: album size, candidates re-ranked per search, concept found in how many of them
 * (and how many of the first page really show the demo object), and the ingestion time.
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -Pbench -DskipTests -Dbench=DemoAlbumSearchBench -pl app test}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class DemoAlbumSearchBench {
    /** The page size asked for; the endpoint's other parameters keep their defaults. */
    static final int LIMIT = 10;
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);

    private Path dataDir;
    private ActivePack pack;
    private ActiveLibrary activeLibrary;
    private JobRegistry jobs;
    private ConceptMatches matches;
    private LibraryService library;
    private ActivePerSam perSam;
    private ConceptStore concepts;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dataDir = Files.createTempDirectory("findling-bench-demo-");
        FindlingProperties properties = new FindlingProperties(dataDir,
                dataDir.resolve("packs").resolve(ReferencePack.ID), Device.CPU, true, 0,
                new FindlingProperties.Clip(null), FindlingProperties.Library.defaults(), new FindlingProperties.Demo(true));
        long t0 = System.nanoTime();
        ReferencePack.ensure(properties.packDir());
        double packSeconds = (System.nanoTime() - t0) / 1e9;

        pack = new ActivePack(properties);
        activeLibrary = new ActiveLibrary(pack, properties);
        jobs = new JobRegistry(1, 32, 50); // the server's registry: one job at a time (JobsConfiguration)
        perSam = new ActivePerSam(pack, properties);
        concepts = new ConceptStore(properties.dataDir().resolve("concepts"));
        library = new LibraryService(activeLibrary, jobs, new ActiveSegmenter(pack));
        matches = new ConceptMatches(library, perSam, concepts, activeLibrary, new LibraryConceptSearch());

        new DemoSetup(properties, library, perSam, concepts, jobs, null)
                .setUp(properties.dataDir().resolve(DemoSetup.FOLDER));
        List<JobStatus> done = awaitJobs();
        JobStatus ingestion = done.stream().filter(j -> LibraryService.JOB_TYPE.equals(j.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the demo setup queued no ingestion: " + done));
        Duration ingestionTime = Duration.between(ingestion.startedAt(), ingestion.finishedAt());
        int indexed = library.library().imageCount(null);
        if (indexed != DemoAlbum.DEFAULT_COUNT) {
            throw new IllegalStateException("indexed " + indexed + " of the album's " + DemoAlbum.DEFAULT_COUNT
                    + " photos; failures: " + library.failures(library.roots().get(0).id()));
        }

        SearchPage<LibraryConceptSearch.Match> page = firstPage();
        Set<String> showObject = DemoAlbum.generate().stream().filter(DemoAlbum.Photo::containsObject)
                .map(DemoAlbum.Photo::fileName).collect(Collectors.toSet());
        long correct = page.hits().stream().filter(h -> showObject.contains(h.candidate().image().relativePath())).count();
        System.out.printf("%n[demo album search] album=%d photos (%d show the object), pack=%s (generated in %.1f s): "
                        + "candidates re-ranked=%d, found=%d, first page=%d (%d show the object), failures=%d; "
                        + "ingestion %.1f s (%.2f s/photo)%n",
                indexed, showObject.size(), ReferencePack.ID, packSeconds, page.candidates(), page.totalHits(),
                page.hits().size(), correct, page.failures().size(), ingestionTime.toMillis() / 1e3,
                ingestionTime.toMillis() / 1e3 / indexed);
    }

    /**
     * The first search of the concept: PerSAM on every candidate. A fresh {@link ConceptMatches} per call, so
     * nothing is remembered from the call before (the server keeps its decisions, see the next benchmark).
     */
    @Benchmark
    public SearchPage<LibraryConceptSearch.Match> firstPageOf10() {
        return new ConceptMatches(library, perSam, concepts, activeLibrary, new LibraryConceptSearch()).search(DemoSetup.CONCEPT_ID, 0, LIMIT, 0, false);
    }

    /** The next page once the concept was searched: the index query again, PerSAM's decisions remembered. */
    @Benchmark
    public SearchPage<LibraryConceptSearch.Match> nextPageOf10() {
        return matches.search(DemoSetup.CONCEPT_ID, LIMIT, LIMIT, 0, false);
    }

    private SearchPage<LibraryConceptSearch.Match> firstPage() {
        return matches.search(DemoSetup.CONCEPT_ID, 0, LIMIT, 0, false);
    }

    /** Waits for the demo's jobs (concept, ingestion) to end; any that did not complete fails the trial. */
    private List<JobStatus> awaitJobs() throws InterruptedException {
        long end = System.nanoTime() + SETUP_TIMEOUT.toNanos();
        while (true) {
            List<JobStatus> all = jobs.list();
            if (all.stream().allMatch(j -> j.state().isTerminal())) {
                for (JobStatus j : all) {
                    if (j.state() != JobState.COMPLETED) {
                        throw new IllegalStateException("demo job '" + j.title() + "' ended " + j.state().code()
                                + (j.error() == null ? "" : ": " + j.error()));
                    }
                }
                return all;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the demo setup did not finish in " + SETUP_TIMEOUT + ": " + all);
            }
            Thread.sleep(100);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (jobs != null) {
            jobs.close();
        }
        if (activeLibrary != null) {
            activeLibrary.close();
        }
        if (pack != null) {
            pack.close();
        }
        if (dataDir != null) {
            try (var walk = Files.walk(dataDir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }
}
