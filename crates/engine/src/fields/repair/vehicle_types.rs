//! 5.车辆类型: the vehicle types of GA 802 (机动车类型), a size or weight
//! class followed by a structure (`小型` + `轿车`, `重型` + `厢式货车`),
//! and the classes of their own (motorcycles, tractors, trams).

/// Size classes of passenger cars.
const PASSENGER_SIZES: [&str; 4] = ["大型", "中型", "小型", "微型"];

/// Structures of passenger cars.
const PASSENGER: [&str; 10] = [
    "普通客车",
    "双层客车",
    "卧铺客车",
    "铰接客车",
    "越野客车",
    "轿车",
    "专用客车",
    "专用校车",
    "面包车",
    "旅居车",
];

/// Weight classes of goods vehicles and trailers.
const WEIGHTS: [&str; 4] = ["重型", "中型", "轻型", "微型"];

/// Structures of goods vehicles, tractors and trailers.
const GOODS: [&str; 25] = [
    "普通货车",
    "厢式货车",
    "封闭货车",
    "罐式货车",
    "平板货车",
    "集装厢车",
    "自卸货车",
    "特殊结构货车",
    "仓栅式货车",
    "半挂牵引车",
    "全挂牵引车",
    "专项作业车",
    "普通半挂车",
    "厢式半挂车",
    "罐式半挂车",
    "平板半挂车",
    "集装箱半挂车",
    "自卸半挂车",
    "特殊结构半挂车",
    "仓栅式半挂车",
    "旅居半挂车",
    "专项作业半挂车",
    "低平板半挂车",
    "车辆运输半挂车",
    "普通全挂车",
];

/// Types without a size class.
const OTHERS: [&str; 14] = [
    "普通二轮摩托车",
    "普通正三轮摩托车",
    "普通侧三轮摩托车",
    "轻便二轮摩托车",
    "轻便正三轮摩托车",
    "轻便侧三轮摩托车",
    "三轮汽车",
    "普通低速货车",
    "厢式低速货车",
    "自卸低速货车",
    "轮式拖拉机",
    "手扶拖拉机",
    "无轨电车",
    "有轨电车",
];

/// Every vehicle type.
pub(super) fn vehicle_types() -> Vec<String> {
    let classed = |sizes: &[&str], kinds: &[&str]| -> Vec<String> {
        sizes
            .iter()
            .flat_map(|s| kinds.iter().map(move |k| format!("{s}{k}")))
            .collect()
    };
    let mut all = classed(&PASSENGER_SIZES, &PASSENGER);
    all.extend(classed(&WEIGHTS, &GOODS));
    all.extend(OTHERS.iter().map(|s| (*s).to_owned()));
    all.sort();
    all.dedup();
    all
}
