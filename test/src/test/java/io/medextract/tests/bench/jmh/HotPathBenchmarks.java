package io.medextract.tests.bench.jmh;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the hot-path JMH benchmarks of this package (or those the JMH arguments select) and prints one row per
 * benchmark with JMH's own sample-time statistics: mean and p99 in microseconds. JMH's full JSON result is
 * kept in {@code target/jmh-result.json}.
 *
 * <p>Run: {@code ./mvnw -B -ntp -q -Pjmh -pl test -am verify -DskipTests} (add {@code -Djmh.args="..."} for
 * any JMH command-line options, e.g. {@code -Djmh.args="-f 1 -wi 2 -i 3 RollupMerge"}).
 */
public final class HotPathBenchmarks {

    private HotPathBenchmarks() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions command = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command);
        if (command.getIncludes().isEmpty()) {
            options.include(HotPathBenchmarks.class.getPackageName() + "\\.");
        }
        options.resultFormat(ResultFormatType.JSON).result("target/jmh-result.json");
        Collection<RunResult> results = new Runner(options.build()).run();
        print(results);
    }

    private static void print(Collection<RunResult> results) {
        List<RunResult> sorted = results.stream()
                .sorted(Comparator.comparing(r -> r.getParams().getBenchmark())).toList();
        System.out.printf("%n%-64s %10s %10s %10s %12s%n", "benchmark (JMH sample time)", "mean us", "p50 us",
                "p99 us", "samples");
        for (RunResult r : sorted) {
            Statistics s = r.getPrimaryResult().getStatistics();
            String name = r.getParams().getBenchmark().replace(HotPathBenchmarks.class.getPackageName() + ".", "");
            System.out.printf("%-64s %10.2f %10.2f %10.2f %12d%n", name, s.getMean(), s.getPercentile(50),
                    s.getPercentile(99), s.getN());
        }
    }
}
