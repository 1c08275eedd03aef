package io.reactivenet.samples.soak;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The soak's curves as a PNG, drawn with the JDK alone (headless AWT and ImageIO: no plotting
 * package to install): memory (RSS, heap in use, heap after the newest collection, live heap after
 * the forced full collections), descriptors beside the idle client connections, and threads, over
 * time, with the phases shaded and the growth and recovery limits dashed.
 */
final class Chart {

    private static final int W = 1400;
    private static final int PANEL_H = 290;
    private static final int TOP = 70;
    private static final int LEFT = 90;
    private static final int RIGHT = 230;
    private static final Color LIMIT = new Color(200, 0, 0);

    private record Series(String name, Color color, ToDoubleFunction<Sample> value, boolean thin) {
    }

    private Chart() {
    }

    static void write(List<Sample> samples, Verdict v, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int h = TOP + 3 * (PANEL_H + 40) + 20;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, h);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(String.format(Locale.ROOT, "Soak of the echo-server sample: %s, %d idle connections,"
                    + " %d churn cycles, %d requests, %d errors", v.violations().isEmpty() ? "passed" : "FAILED",
                    v.idleOpened(), v.churnOps(), v.rrOps(), v.errors()), LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("dashed red: growth limit under load (after the load warm-up), recovery limit after the"
                    + " clients left; shaded: warm-up round, settle (baseline), drain and recovery", LEFT, 52);
            double tMax = samples.isEmpty() ? 1 : samples.get(samples.size() - 1).t();
            Bounds.Figures growth = Bounds.growthLimit(v.reference());
            Bounds.Figures recovery = Bounds.recoveryLimit(v.baseline());
            int y = TOP;
            panel(g, y, "memory (MiB)", samples, tMax, List.of(
                    new Series("RSS", new Color(31, 119, 180), Sample::rssMiB, false),
                    new Series("heap in use", new Color(180, 180, 180), Sample::heapUsedMiB, true),
                    new Series("heap after GC", new Color(255, 127, 14), Sample::heapAfterGcMiB, true),
                    new Series("live heap", new Color(44, 160, 44), Sample::liveHeapMiB, false)),
                    v, new double[] {growth.rss(), growth.liveHeap()}, new double[] {recovery.rss(), recovery.liveHeap()});
            y += PANEL_H + 40;
            panel(g, y, "descriptors", samples, tMax, List.of(
                    new Series("server fds", new Color(31, 119, 180), Sample::fds, false),
                    new Series("idle client conns", new Color(150, 150, 150), Sample::idle, true)),
                    v, new double[] {growth.fds()}, new double[] {recovery.fds()});
            y += PANEL_H + 40;
            panel(g, y, "threads", samples, tMax, List.of(
                    new Series("server threads", new Color(148, 103, 189), Sample::threads, false),
                    new Series("not GC/JIT workers", new Color(140, 86, 75), Sample::otherThreads, true)),
                    v, new double[] {growth.threads(), growth.otherThreads()},
                    new double[] {recovery.threads(), recovery.otherThreads()});
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int top, String title, List<Sample> samples, double tMax,
            List<Series> series, Verdict v, double[] growth, double[] recovery) {
        int pw = W - LEFT - RIGHT;
        double yMax = 1;
        for (Series s : series) {
            for (Sample x : samples) {
                double d = s.value().applyAsDouble(x);
                if (!Double.isNaN(d)) {
                    yMax = Math.max(yMax, d);
                }
            }
        }
        for (double d : growth) {
            yMax = Math.max(yMax, d);
        }
        yMax = nice(yMax * 1.08);
        // phases
        String current = "";
        double from = 0;
        for (int i = 0; i <= samples.size(); i++) {
            String p = i < samples.size() ? samples.get(i).phase() : "";
            if (!p.equals(current)) {
                double to = i < samples.size() ? samples.get(i).t() : tMax;
                if (!current.equals("load") && !current.equals("ramp") && !current.isEmpty()) {
                    g.setColor(new Color(240, 240, 250));
                    g.fillRect(x(from, tMax, pw), top, Math.max(1, x(to, tMax, pw) - x(from, tMax, pw)), PANEL_H);
                }
                if (!current.isEmpty() && x(to, tMax, pw) - x(from, tMax, pw) > 8 * current.length()) {
                    g.setColor(Color.DARK_GRAY);
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                    g.drawString(current, x(from, tMax, pw) + 3, top + 12);
                }
                current = p;
                from = to;
            }
        }
        // axes and grid
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 5; k++) {
            double val = yMax * k / 5;
            int yy = y(val, yMax, top);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, yy, LEFT + pw, yy);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, val == Math.rint(val) ? "%.0f" : "%.1f", val), LEFT - 50, yy + 4);
        }
        int step = tMax > 1200 ? 120 : tMax > 300 ? 60 : tMax > 60 ? 10 : 5;
        for (int t = 0; t <= tMax; t += step) {
            g.drawString(t + " s", x(t, tMax, pw) - 8, top + PANEL_H + 16);
        }
        g.drawRect(LEFT, top, pw, PANEL_H);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, top - 6);
        // limits: growth from the reference to the end of the load, recovery after the clients left
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
        g.setStroke(dashed);
        g.setColor(LIMIT);
        double loadEnd = samples.stream().filter(s -> s.phase().equals("load")).mapToDouble(Sample::t).max()
                .orElse(v.referenceT());
        for (double d : growth) {
            g.drawLine(x(v.referenceT(), tMax, pw), y(d, yMax, top), x(loadEnd, tMax, pw), y(d, yMax, top));
        }
        for (double d : recovery) {
            g.drawLine(x(v.clientsLeft(), tMax, pw), y(d, yMax, top), x(tMax, tMax, pw), y(d, yMax, top));
        }
        // curves and legend
        int ly = top + 20;
        for (Series s : series) {
            g.setStroke(new BasicStroke(s.thin() ? 1f : 2f));
            g.setColor(s.color());
            Path2D path = new Path2D.Double();
            boolean started = false;
            for (Sample x : samples) {
                double d = s.value().applyAsDouble(x);
                if (Double.isNaN(d)) {
                    continue;
                }
                if (started) {
                    path.lineTo(x(x.t(), tMax, pw), y(d, yMax, top));
                } else {
                    path.moveTo(x(x.t(), tMax, pw), y(d, yMax, top));
                    started = true;
                }
            }
            g.draw(path);
            g.fillRect(LEFT + pw + 15, ly - 9, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), LEFT + pw + 40, ly - 4);
            ly += 20;
        }
        g.setStroke(dashed);
        g.setColor(LIMIT);
        g.drawLine(LEFT + pw + 15, ly - 7, LEFT + pw + 33, ly - 7);
        g.setColor(Color.BLACK);
        g.drawString("limits", LEFT + pw + 40, ly - 4);
        g.setStroke(new BasicStroke(1f));
    }

    private static int x(double t, double tMax, int pw) {
        return LEFT + (int) Math.round(t / tMax * pw);
    }

    private static int y(double v, double yMax, int top) {
        return top + PANEL_H - (int) Math.round(v / yMax * PANEL_H);
    }

    /** The next round axis maximum (a fifth of it is a round grid step): 1, 1.5, 2 ... 8 times a power of ten. */
    private static double nice(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
