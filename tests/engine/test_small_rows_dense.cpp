// The few-rows dense kernel against float64 products, across the shapes
// decoding meets (a tail shorter than a vector, output rows split across
// threads, strided inputs), and the properties dense() relies on.
#include <ATen/ATen.h>
#include <QtTest>

#include "engine/layers/dense.h"
#include "engine/layers/small_rows_dense.h"
#include "engine/runtime/threads.h"

using namespace l2s::layers;

class TestSmallRowsDense : public QObject {
  Q_OBJECT

 private slots:
  void matchesAFloat64Product_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("threads");
    for (int rows : {1, 2, 3, 5, 6})
      for (int in : {1, 15, 16, 37, 320})
        for (int out : {1, 255, 1000})
          for (int threads : {1, 2})
            QTest::addRow("%dx%d->%d, %d threads", rows, in, out, threads) << rows << in << out << threads;
  }
  void matchesAFloat64Product() {
    QFETCH(int, rows);
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, threads);
    l2s::set_compute_threads(threads);
    at::manual_seed(rows * 1000 + in + out);
    const at::Tensor x = at::randn({rows, in}), w = at::randn({out, in});
    QVERIFY(small_rows_dense_applies(x, w));
    const at::Tensor expected = at::matmul(x.to(at::kDouble), w.to(at::kDouble).t());
    const at::Tensor got = small_rows_dense(x, w);
    QCOMPARE(got.sizes().vec(), expected.sizes().vec());
    // float32 sums of `in` products of N(0,1) values: error ~ sqrt(in) * 1e-7
    const double tolerance = 1e-5 * std::sqrt(double(in));
    QVERIFY2(at::allclose(got.to(at::kDouble), expected, 0, tolerance),
             qPrintable(QString::number((got.to(at::kDouble) - expected).abs().max().item<double>())));
  }

  // bfloat16 weights: the same product as float32 arithmetic over the
  // weights rounded to bfloat16 (widening is exact).
  void bf16WeightsMultiplyLikeTheirFloat32Values_data() {
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("in");
    for (int rows : {1, 4, 6})
      for (int in : {7, 32, 320}) QTest::addRow("%dx%d", rows, in) << rows << in;
  }
  void bf16WeightsMultiplyLikeTheirFloat32Values() {
    QFETCH(int, rows);
    QFETCH(int, in);
    const at::Tensor x = at::randn({rows, in}), w = at::randn({300, in}).to(at::kBFloat16);
    QVERIFY(small_rows_dense_applies(x, w));
    const at::Tensor expected = at::matmul(x.to(at::kDouble), w.to(at::kDouble).t());
    const at::Tensor got = small_rows_dense(x, w);
    QCOMPARE(got.scalar_type(), at::kFloat);
    QVERIFY(at::allclose(got.to(at::kDouble), expected, 0, 1e-5 * std::sqrt(double(in))));
    // dense() takes more rows than the kernel does through a widened GEMM.
    const at::Tensor many = at::randn({2 * kSmallRowsMax, in});
    QVERIFY(at::allclose(dense(many, w).to(at::kDouble), at::matmul(many.to(at::kDouble), w.to(at::kDouble).t()), 0,
                         1e-5 * std::sqrt(double(in))));
  }

  void aRowsResultDoesNotDependOnItsCompany() {
    // Mode verified compares the LLM's single steps with passes over several
    // positions: the same row must give the same bits either way.
    l2s::set_compute_threads(2);
    const at::Tensor x = at::randn({6, 320}), w = at::randn({1280, 320});
    const at::Tensor together = small_rows_dense(x, w);
    for (int64_t r = 0; r < 6; ++r) QVERIFY(at::equal(small_rows_dense(x.slice(0, r, r + 1), w)[0], together[r]));
  }

  void denseTakesStridedInputsAndKeepsTheirShape() {
    const at::Tensor base = at::randn({2, 3, 64});
    const at::Tensor x = base.transpose(0, 1);  // [3, 2, 64], not contiguous
    const at::Tensor w = at::randn({48, 64});
    const at::Tensor y = dense(x, w);
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{3, 2, 48}));
    QVERIFY(at::allclose(y, at::matmul(x, w.t()), 1e-5, 1e-5));
  }

  void trainingKeepsItsGradients() {
    // With gradients wanted, dense() must not take the kernel (it has no backward).
    const at::Tensor w = at::randn({8, 16}).requires_grad_(true);
    const at::Tensor x = at::randn({2, 16});
    QVERIFY(!small_rows_dense_applies(x, w));
    dense(x, w).sum().backward();
    QVERIFY(w.grad().defined());
    QVERIFY(at::allclose(w.grad(), x.sum(0).expand({8, 16}), 1e-6, 1e-6));
  }

  void otherShapesAndTypesAreNotTaken() {
    QVERIFY(!small_rows_dense_applies(at::randn({kSmallRowsMax + 1, 16}), at::randn({8, 16})));
    QVERIFY(!small_rows_dense_applies(at::randn({2, 16}).to(at::kDouble), at::randn({8, 16}).to(at::kDouble)));
    QVERIFY(!small_rows_dense_applies(at::randn({2, 16}), at::randn({16, 8}).t()));  // strided weight
    const QString isa = small_rows_dense_isa();
    QVERIFY2(isa == "avx512f" || isa == "avx2" || isa == "generic", qPrintable(isa));
  }
};

QTEST_APPLESS_MAIN(TestSmallRowsDense)
#include "test_small_rows_dense.moc"
